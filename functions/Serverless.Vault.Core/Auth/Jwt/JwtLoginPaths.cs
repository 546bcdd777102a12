using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>login: a role (or the default role) and a JWT; a verified token that satisfies the role gets a Vault token.</summary>
internal sealed class JwtLoginPaths(JwtKeyCache cache, JwtTokenValidator validator, LoginTokens tokens)
{
    private static readonly Field<string> Role = Fields.String("role", "The role to log in against; default_role when empty.");
    private static readonly Field<string> Jwt = Fields.String("jwt", "The signed JWT to validate.");

    public PathSpec Spec => new("login")
    {
        Fields = [Role, Jwt],
        Unauthenticated = true,
        Handlers = { [Operation.Update] = LoginAsync },
        Renew = RenewAsync,
        Synopsis = "Authenticates with a JWT (or OIDC) token.",
    };

    /// <summary>As Vault: a token whose role was deleted is not renewed (JWT and OIDC logins alike).</summary>
    internal static async Task RenewAsync(RequestContext context, Tokens.TokenEntry token, CancellationToken cancellationToken)
    {
        var name = token.Meta?.GetValueOrDefault("role") ?? "";
        if (name.Length == 0 || await JwtStore.RoleAsync(context.Storage, name, cancellationToken).ConfigureAwait(false) is null)
        {
            throw VaultException.InvalidRequest($"role \"{name}\" does not exist during renewal");
        }
    }

    private async Task<VaultResponse?> LoginAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await JwtStore.RequiredConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        var (roleName, role) = await JwtStore.LoginRoleAsync(context.Storage, config, context.Get(Role), cancellationToken).ConfigureAwait(false);
        if (role.RoleType == "oidc")
        {
            throw VaultException.InvalidRequest("role with oidc role_type is not allowed");
        }

        var token = context.Get(Jwt);
        if (token.Length == 0)
        {
            throw VaultException.InvalidRequest("missing token");
        }

        var claims = await validator.ValidateAsync(
            token, config, cache.For(config), JwtTokenValidator.Expected.For(role, role.BoundAudiences), cancellationToken).ConfigureAwait(false);

        // CVE-2024-5798: a token made for some audience must not be usable at a role that binds none.
        if (role.BoundAudiences.Count == 0 && JwtClaims.AsTextList(JwtClaims.Get(claims, "aud")) is { Count: > 0 })
        {
            throw VaultException.InvalidRequest("audience claim found in JWT but no audiences bound to the role");
        }

        return await tokens.IssueAsync(context, JwtIdentity.Grant(context, roleName, role, claims), cancellationToken).ConfigureAwait(false);
    }
}
