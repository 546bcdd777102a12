using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// The OIDC authorization code flow: oidc/auth_url starts it (state, nonce and PKCE verifier stored for ten minutes,
/// single use), oidc/callback exchanges the code at the provider and logs in with the verified ID token.
/// </summary>
internal sealed class OidcPaths(JwtKeyCache cache, JwtTokenValidator validator, LoginTokens tokens, ProviderHttp http, TimeProvider time)
{
    /// <summary>Where flows in progress are stored, under the hash of their state (<see cref="OidcStateTidyJob"/> reads it too).</summary>
    internal const string StatePrefix = "oidc_state/";

    // Vault's oidcRequestTimeout: a browser login that takes longer starts over.
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    private static readonly Field<string> Role = Fields.String("role", "The role to log in against; default_role when empty.");
    private static readonly Field<string> RedirectUri = Fields.String("redirect_uri", "Where the provider sends the browser back to.");
    private static readonly Field<string> ClientNonce = Fields.String("client_nonce", "A value the client must present again at the callback.");
    private static readonly Field<string> State = Fields.String("state", "The state from auth_url.");
    private static readonly Field<string> Code = Fields.String("code", "The authorization code.");
    private static readonly Field<string> Error = Fields.String("error", "An error the provider reported.");
    private static readonly Field<string> ErrorDescription = Fields.String("error_description", "The provider's description of the error.");

    public IEnumerable<PathSpec> Specs =>
    [
        new("oidc/auth_url")
        {
            Fields = [Role, RedirectUri, ClientNonce],
            Unauthenticated = true,
            Handlers = { [Operation.Update] = AuthUrlAsync },
            Synopsis = "Starts an OIDC login: returns the provider URL to send the browser to.",
        },
        new("oidc/callback")
        {
            Fields = [State, Code, ClientNonce, Error, ErrorDescription],
            Renew = JwtLoginPaths.RenewAsync,
            Unauthenticated = true,
            Handlers = { [Operation.Read] = CallbackAsync, [Operation.Update] = CallbackAsync },
            Synopsis = "Completes an OIDC login with the provider's authorization code.",
        },
    ];

    private async Task<VaultResponse?> AuthUrlAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await JwtStore.RequiredConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        var redirectUri = context.Get(RedirectUri);
        if (redirectUri.Length == 0)
        {
            throw VaultException.InvalidRequest("missing redirect_uri");
        }

        var (roleName, role) = await JwtStore.LoginRoleAsync(context.Storage, config, context.Get(Role), cancellationToken).ConfigureAwait(false);
        if (role.RoleType != "oidc")
        {
            throw VaultException.InvalidRequest($"role \"{roleName}\" is not an OIDC role");
        }

        if (!OidcRedirects.IsAllowed(redirectUri, role.AllowedRedirectUris))
        {
            throw VaultException.InvalidRequest($"unauthorized redirect_uri: {redirectUri}");
        }

        var discovery = await cache.For(config).DiscoveryAsync(cancellationToken).ConfigureAwait(false);
        var stateId = RandomText();
        var state = new OidcState
        {
            Role = roleName,
            RedirectUri = redirectUri,
            Nonce = RandomText(),
            ClientNonce = context.Get(ClientNonce),
            CodeVerifier = RandomText(),
            Expires = (time.GetUtcNow() + StateLifetime).ToUnixTimeSeconds(),
        };
        await context.Storage.PutAsync(StateKey(stateId), StoredJson.Serialize(state), PutCondition.None, cancellationToken).ConfigureAwait(false);

        var scopes = string.Join(' ', new[] { "openid" }.Concat(role.OidcScopes.Where(s => s != "openid")));
        var query = new Dictionary<string, string>
        {
            ["client_id"] = config.ClientId,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(state.CodeVerifier))),
            ["code_challenge_method"] = "S256",
            ["nonce"] = state.Nonce,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scopes,
            ["state"] = stateId,
        };
        var separator = discovery.AuthorizationEndpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var url = discovery.AuthorizationEndpoint + separator + string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return VaultResponse.WithData(new JsonObject { ["auth_url"] = url });
    }

    private async Task<VaultResponse?> CallbackAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await JwtStore.RequiredConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        var state = await TakeStateAsync(context, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("Expired or missing OAuth state.");
        var role = await JwtStore.RoleAsync(context.Storage, state.Role, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"role \"{state.Role}\" could not be found");
        if (state.ClientNonce.Length > 0 && !FixedTimeEquals(state.ClientNonce, context.Get(ClientNonce)))
        {
            throw VaultException.InvalidRequest("invalid client_nonce");
        }

        if (context.Get(Error) is { Length: > 0 } error)
        {
            throw VaultException.InvalidRequest($"Vault login failed. Error: {error}, Error Description: {context.Get(ErrorDescription)}");
        }

        var code = context.Get(Code);
        if (code.Length == 0)
        {
            throw VaultException.InvalidRequest("OAuth code parameter not provided");
        }

        var keys = cache.For(config);
        var discovery = await keys.DiscoveryAsync(cancellationToken).ConfigureAwait(false);
        var idToken = await OidcCodeExchange.IdTokenAsync(http.For(config.DiscoveryCaPem), discovery.TokenEndpoint, config, state, code, cancellationToken).ConfigureAwait(false);
        var audiences = role.BoundAudiences.Count > 0 ? role.BoundAudiences : [config.ClientId];
        var claims = await validator.ValidateAsync(
            idToken, config, keys, JwtTokenValidator.Expected.For(role, audiences) with { Nonce = state.Nonce }, cancellationToken).ConfigureAwait(false);
        return await tokens.IssueAsync(context, JwtIdentity.Grant(context, state.Role, role, claims), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and deletes the state: each one is good for one callback, and only until it expires.</summary>
    private async Task<OidcState?> TakeStateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var stateId = context.Get(State);
        if (stateId.Length == 0)
        {
            return null;
        }

        var key = StateKey(stateId);
        var (state, _) = await StoredJson.ReadAsync<OidcState>(context.Storage, key, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        await context.Storage.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        return state.Expires >= time.GetUtcNow().ToUnixTimeSeconds() ? state : null;
    }

    // The state travels through browsers and logs: only its hash names the stored entry.
    private static string StateKey(string stateId) => StatePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateId)));

    private static string RandomText() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
