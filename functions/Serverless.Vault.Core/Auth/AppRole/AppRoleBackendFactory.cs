using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>The "approle" auth method type.</summary>
internal sealed class AppRoleBackendFactory(LoginTokens tokens) : IBackendFactory
{
    public string Type => AppRoleBackend.Type;

    public MountKind Kind => MountKind.Auth;

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AppRoleBackend(tokens, context.Time);
    }
}
