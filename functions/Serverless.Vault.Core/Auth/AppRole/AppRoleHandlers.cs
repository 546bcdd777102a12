using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>Opens a request's <see cref="AppRoleStore"/> and finds the role a path names.</summary>
internal sealed class AppRoleHandlers(AppRoleSalt salt)
{
    public async Task<AppRoleStore> StoreAsync(RequestContext context, CancellationToken cancellationToken) =>
        new(context.Storage, await salt.HasherAsync(context.Storage, cancellationToken).ConfigureAwait(false));

    /// <summary>The role named by the path, or a 400 as Vault answers for a missing one.</summary>
    public static async Task<AppRoleRole> RequireRoleAsync(AppRoleStore store, RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(AppRoleFields.RoleName);
        var (role, _) = await store.ReadRoleAsync(name, cancellationToken).ConfigureAwait(false);
        return role ?? throw VaultException.InvalidRequest($"role \"{name}\" does not exist");
    }
}
