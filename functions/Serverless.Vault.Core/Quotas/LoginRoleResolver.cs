using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Auth.AppRole;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// The role a login request names, for role-based quotas: "role" in the body for JWT/OIDC (else the config's
/// default_role) and Azure, the role that owns the role_id for AppRole. Auth methods without roles (userpass, GitHub, Okta) cannot carry role quotas.
/// </summary>
internal sealed class LoginRoleResolver(AppRoleRoleResolver appRole)
{
    /// <summary>The login path of every method that has roles.</summary>
    private const string LoginPath = "login";

    /// <summary>Mount types whose logins name a role.</summary>
    public static bool SupportsRoles(string type) => type is "jwt" or "oidc" or "azure" or "approle";

    /// <summary>The role name, or null when the request is no login with a role.</summary>
    public async ValueTask<string?> ResolveAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        if (request.Mount is not { Kind: MountKind.Auth } mount || request.Path != LoginPath)
        {
            return null;
        }

        switch (mount.Type)
        {
            case "azure":
                return Text(request.Data, "role");
            case "jwt" or "oidc" when Text(request.Data, "role") is { Length: > 0 } role:
                return role;
            case "jwt" or "oidc" when request.Storage is { } storage:
                // No role named: the login uses the config's default_role, read through the request's cache as the login will.
                return (await JwtStore.ConfigAsync(storage, cancellationToken).ConfigureAwait(false))?.DefaultRole;
            case "approle" when request.Storage is { } storage && Text(request.Data, "role_id") is { } roleId:
                return await appRole.RoleNameAsync(storage, mount.Uuid, roleId, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    private static string? Text(JsonObject data, string name) =>
        data.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;
}
