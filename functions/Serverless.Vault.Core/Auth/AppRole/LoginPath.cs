using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// login: role_id (and secret_id when the role binds one) for a token. Every failure is a 400 that names neither
/// which credential was wrong nor any secret, and costs the same storage reads and HMACs whether or not the role
/// exists (CVE-2025-6011); no token is minted unless every check passed.
/// </summary>
internal sealed class LoginPath(AppRoleHandlers handlers, LoginTokens tokens, TimeProvider time)
{
    public const string InvalidCredentials = "invalid role or secret ID";

    /// <summary>The token's display name: Vault names AppRole tokens after the method.</summary>
    private const string DisplayName = "approle";

    public PathSpec Spec => new("login")
    {
        Unauthenticated = true,
        Fields = [AppRoleFields.RoleId, AppRoleFields.SecretId],
        Handlers = { [Operation.Update] = LoginAsync },
        Renew = RenewAsync,
        Synopsis = "Issue a token based on the credentials supplied.",
    };

    /// <summary>As Vault: a token outlives its role only until its next renewal.</summary>
    private async Task RenewAsync(RequestContext context, Tokens.TokenEntry token, CancellationToken cancellationToken)
    {
        var name = token.Meta?.GetValueOrDefault("role_name") ?? "";
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        if (name.Length == 0 || (await store.ReadRoleAsync(name, cancellationToken).ConfigureAwait(false)).Value is null)
        {
            throw VaultException.InvalidRequest($"role \"{name}\" does not exist during renewal");
        }
    }

    private async Task<VaultResponse?> LoginAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var roleId = context.Get(AppRoleFields.RoleId).Trim();
        if (roleId.Length == 0)
        {
            throw VaultException.InvalidRequest("missing role_id");
        }

        var secretId = context.Get(AppRoleFields.SecretId).Trim();
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var secretIdHmac = store.Hmac(secretId);
        var role = await store.RoleByIdAsync(roleId, cancellationToken).ConfigureAwait(false);
        var remote = context.Request.RemoteAddress;
        if (role is not null && role.BindSecretId && secretId.Length == 0)
        {
            throw VaultException.InvalidRequest("missing secret_id");
        }

        AppRoleSecretId? entry = null;
        if (role is null || role.BindSecretId)
        {
            // For an unknown role this reads the decoy key: the same reads as a real secret ID lookup.
            entry = await AppRoleSecretIdUse.UseAsync(store, role, secretIdHmac, time.GetUtcNow().ToUnixTimeSeconds(), e => CheckCidrs(role!, e, remote), cancellationToken).ConfigureAwait(false);
            if (role is null || entry is null)
            {
                throw VaultException.InvalidRequest(InvalidCredentials);
            }
        }
        else
        {
            CheckCidrs(role, null, remote);
        }

        var metadata = new Dictionary<string, string>(entry?.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["role_name"] = role.Name,
        };
        var settings = entry is { TokenBoundCidrs.Count: > 0 } ? role.Token with { BoundCidrs = entry.TokenBoundCidrs } : role.Token;
        return await tokens.IssueAsync(context, new LoginGrant(settings) { DisplayName = DisplayName, Metadata = metadata }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The secret ID's and the role's CIDR restrictions on where the login comes from; checked before a use is spent.</summary>
    private static void CheckCidrs(AppRoleRole role, AppRoleSecretId? entry, string? remote)
    {
        if (entry is { CidrList.Count: > 0 } && !CidrBlocks.Contains(entry.CidrList, remote))
        {
            throw VaultException.InvalidRequest($"source address \"{remote}\" unauthorized by CIDR restrictions on the secret ID");
        }

        if (role.SecretIdBoundCidrs.Count > 0 && !CidrBlocks.Contains(role.SecretIdBoundCidrs, remote))
        {
            throw VaultException.InvalidRequest($"source address \"{remote}\" unauthorized by CIDR restrictions on the role");
        }
    }
}
