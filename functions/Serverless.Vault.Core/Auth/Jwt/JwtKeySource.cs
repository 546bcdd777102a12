using System.Security.Cryptography;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// The verification keys of one mount configuration: static PEM keys, or a JWKS fetched directly or through OIDC
/// discovery. Fetched keys are cached; a token whose kid is unknown triggers a refresh, at most one such refresh per
/// <see cref="UnknownKidRefreshInterval"/> so that made-up kids cannot turn logins into a flood of JWKS requests.
/// </summary>
internal sealed class JwtKeySource(JwtConfig config, ProviderHttp http, TimeProvider time)
{
    public static readonly TimeSpan UnknownKidRefreshInterval = TimeSpan.FromSeconds(5);

    // Keys are refetched now and then even when every kid is known, so a revoked key stops working.
    private static readonly TimeSpan MaxKeyAge = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyList<SecurityKey>? _keys;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset _lastUnknownKidRefresh = DateTimeOffset.MinValue;
    private OpenIdConnectConfiguration? _discovery;

    public string Fingerprint { get; } = config.KeySourceFingerprint;

    /// <summary>The provider's discovery document; only for oidc_discovery_url configurations.</summary>
    public async Task<OpenIdConnectConfiguration> DiscoveryAsync(CancellationToken cancellationToken)
    {
        if (config.DiscoveryUrl.Length == 0)
        {
            throw VaultException.InvalidRequest("OIDC login is not configured for this mount: 'oidc_discovery_url' is not set");
        }

        return _discovery ??= await FetchDiscoveryAsync(config, http, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The keys to verify a token with <paramref name="kid"/>, refreshed when that kid is not among them.</summary>
    public async Task<IReadOnlyList<SecurityKey>> KeysAsync(string? kid, CancellationToken cancellationToken)
    {
        if (config.ValidationPublicKeys.Count > 0)
        {
            return _keys ??= config.ValidationPublicKeys.Select(ParsePublicKey).ToList();
        }

        var now = time.GetUtcNow();
        var keys = _keys;
        var unknownKid = keys is not null && !string.IsNullOrEmpty(kid) && !keys.Any(k => k.KeyId == kid);
        if (keys is not null && now - _fetchedAt < MaxKeyAge && (!unknownKid || now - _lastUnknownKidRefresh < UnknownKidRefreshInterval))
        {
            return keys;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(keys, _keys) && _keys is not null)
            {
                return _keys; // Another login refreshed them while this one waited.
            }

            if (unknownKid)
            {
                _lastUnknownKidRefresh = now;
            }

            _keys = await FetchKeysAsync(cancellationToken).ConfigureAwait(false);
            _fetchedAt = now;
            return _keys;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Checks that the configured source can be reached and parsed, as Vault does when the config is written.</summary>
    public static async Task VerifyAsync(JwtConfig config, ProviderHttp http, CancellationToken cancellationToken)
    {
        if (config.ValidationPublicKeys.Count > 0)
        {
            foreach (var pem in config.ValidationPublicKeys)
            {
                ParsePublicKey(pem);
            }

            return;
        }

        var source = new JwtKeySource(config, http, TimeProvider.System);
        if (config.DiscoveryUrl.Length > 0)
        {
            try
            {
                await source.DiscoveryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (VaultException ex)
            {
                throw VaultException.InvalidRequest($"error checking oidc discovery URL: {ex.Message}");
            }

            return;
        }

        try
        {
            await source.FetchKeysAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException ex)
        {
            throw VaultException.InvalidRequest($"error checking jwks URL: {ex.Message}");
        }
    }

    private async Task<IReadOnlyList<SecurityKey>> FetchKeysAsync(CancellationToken cancellationToken)
    {
        var (url, caPem) = config.JwksUrl.Length > 0
            ? (config.JwksUrl, config.JwksCaPem)
            : ((await DiscoveryAsync(cancellationToken).ConfigureAwait(false)).JwksUri, config.DiscoveryCaPem);
        var body = await GetAsync(http.For(caPem), url, cancellationToken).ConfigureAwait(false);
        try
        {
            return new JsonWebKeySet(body).GetSigningKeys().ToList();
        }
        catch (ArgumentException)
        {
            throw VaultException.InvalidRequest("failed to parse the JWKS response");
        }
    }

    private static async Task<OpenIdConnectConfiguration> FetchDiscoveryAsync(JwtConfig config, ProviderHttp http, CancellationToken cancellationToken)
    {
        var url = config.DiscoveryUrl.TrimEnd('/') + "/.well-known/openid-configuration";
        var body = await GetAsync(http.For(config.DiscoveryCaPem), url, cancellationToken).ConfigureAwait(false);
        OpenIdConnectConfiguration document;
        try
        {
            document = OpenIdConnectConfiguration.Create(body);
        }
        catch (ArgumentException)
        {
            throw VaultException.InvalidRequest("failed to parse the discovery document");
        }

        // As go-oidc: a document that names another issuer could be a provider impersonating this one.
        if (!string.Equals(document.Issuer?.TrimEnd('/'), config.DiscoveryUrl.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest($"issuer did not match the issuer returned by provider, expected \"{config.DiscoveryUrl}\" got \"{document.Issuer}\"");
        }

        if (string.IsNullOrEmpty(document.JwksUri))
        {
            throw VaultException.InvalidRequest("the discovery document has no jwks_uri");
        }

        return document;
    }

    private static async Task<string> GetAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw VaultException.InvalidRequest($"{url} answered {(int)response.StatusCode}");
            }

            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            throw VaultException.InvalidRequest($"failed to fetch {url}: {ex.Message}");
        }
    }

    private static SecurityKey ParsePublicKey(string pem)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // Not an RSA key: try EC below.
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw VaultException.InvalidRequest("error parsing public key: no RSA or ECDSA public key found in the PEM data");
        }
    }
}
