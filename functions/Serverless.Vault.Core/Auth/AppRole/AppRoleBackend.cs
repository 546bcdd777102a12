using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>The AppRole auth method's paths for one mount.</summary>
internal sealed class AppRoleBackend : IBackend
{
    public const string Type = "approle";

    public AppRoleBackend(LoginTokens tokens, TimeProvider time)
    {
        var handlers = new AppRoleHandlers(new AppRoleSalt());
        Paths = new PathTable(
        [
            .. new RolePaths(handlers).Specs,
            .. new SecretIdPaths(handlers, time).Specs,
            .. new SecretIdLookupPaths(handlers, time).Specs,
            new LoginPath(handlers, tokens, time).Spec,
        ]);
    }

    public PathTable Paths { get; }
}
