using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>config: the key source (exactly one of PEM keys, JWKS URL, OIDC discovery), the OIDC client and bindings.</summary>
internal sealed class JwtConfigPaths(ProviderHttp http, JwtKeyCache cache)
{
    private static readonly Field<string> JwksUrl = Fields.String("jwks_url", "JWKS URL to fetch the verification keys from.");
    private static readonly Field<string> JwksCaPem = Fields.String("jwks_ca_pem", "CA certificates (PEM) to trust for the JWKS URL.");
    private static readonly Field<IReadOnlyList<string>> PublicKeys = Fields.StringList("jwt_validation_pubkeys", "PEM public keys to verify JWTs with.");
    private static readonly Field<string> DiscoveryUrl = Fields.String("oidc_discovery_url", "The provider's issuer URL, for OIDC discovery.");
    private static readonly Field<string> DiscoveryCaPem = Fields.String("oidc_discovery_ca_pem", "CA certificates (PEM) to trust for the discovery URL.");
    private static readonly Field<string> ClientId = Fields.String("oidc_client_id", "The OAuth client ID.");
    private static readonly Field<string> ClientSecret = Fields.String("oidc_client_secret", "The OAuth client secret; never returned.");
    private static readonly Field<string> BoundIssuer = Fields.String("bound_issuer", "The iss claim tokens must carry.");
    private static readonly Field<string> DefaultRole = Fields.String("default_role", "The role of logins that name none.");
    private static readonly Field<IReadOnlyList<string>> SupportedAlgs = Fields.StringList("jwt_supported_algs", "Signing algorithms accepted (default: all asymmetric ones).");

    public PathSpec Spec => new("config")
    {
        Fields = [JwksUrl, JwksCaPem, PublicKeys, DiscoveryUrl, DiscoveryCaPem, ClientId, ClientSecret, BoundIssuer, DefaultRole, SupportedAlgs],
        Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync },
        Synopsis = "Configure the JWT/OIDC key source and client.",
    };

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = new JwtConfig
        {
            JwksUrl = context.Get(JwksUrl),
            JwksCaPem = context.Get(JwksCaPem),
            ValidationPublicKeys = context.Get(PublicKeys),
            DiscoveryUrl = context.Get(DiscoveryUrl),
            DiscoveryCaPem = context.Get(DiscoveryCaPem),
            ClientId = context.Get(ClientId),
            ClientSecret = context.Get(ClientSecret),
            BoundIssuer = context.Get(BoundIssuer),
            DefaultRole = context.Get(DefaultRole).ToLowerInvariant(),
            SupportedAlgorithms = context.Get(SupportedAlgs),
        };
        Validate(config);
        await JwtKeySource.VerifyAsync(config, http, cancellationToken).ConfigureAwait(false);
        await context.Storage.PutAsync(JwtStore.ConfigKey, StoredJson.Serialize(config), PutCondition.None, cancellationToken).ConfigureAwait(false);
        cache.Drop();
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await JwtStore.ConfigAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        if (config is null)
        {
            return null;
        }

        return VaultResponse.WithData(new JsonObject
        {
            ["jwks_url"] = config.JwksUrl,
            ["jwks_ca_pem"] = config.JwksCaPem,
            ["jwt_validation_pubkeys"] = new JsonArray([.. config.ValidationPublicKeys.Select(k => (JsonNode)k)]),
            ["oidc_discovery_url"] = config.DiscoveryUrl,
            ["oidc_discovery_ca_pem"] = config.DiscoveryCaPem,
            ["oidc_client_id"] = config.ClientId,
            ["bound_issuer"] = config.BoundIssuer,
            ["default_role"] = config.DefaultRole,
            ["jwt_supported_algs"] = new JsonArray([.. config.SupportedAlgorithms.Select(a => (JsonNode)a)]),
        });
    }

    private static void Validate(JwtConfig config)
    {
        var sources = new[] { config.ValidationPublicKeys.Count > 0, config.JwksUrl.Length > 0, config.DiscoveryUrl.Length > 0 }.Count(s => s);
        if (sources != 1)
        {
            throw VaultException.InvalidRequest("exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set");
        }

        if ((config.ClientId.Length > 0) != (config.ClientSecret.Length > 0))
        {
            throw VaultException.InvalidRequest("both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC");
        }

        if (config.JwksCaPem.Length > 0 && config.JwksUrl.Length == 0)
        {
            throw VaultException.InvalidRequest("'jwks_ca_pem' is only valid with 'jwks_url'");
        }

        if (config.DiscoveryCaPem.Length > 0 && config.DiscoveryUrl.Length == 0)
        {
            throw VaultException.InvalidRequest("'oidc_discovery_ca_pem' is only valid with 'oidc_discovery_url'");
        }

        ValidateCaPem(config.JwksCaPem, "jwks_ca_pem");
        ValidateCaPem(config.DiscoveryCaPem, "oidc_discovery_ca_pem");

        var invalid = config.SupportedAlgorithms.FirstOrDefault(a => !JwtTokenValidator.AsymmetricAlgorithms.Contains(a, StringComparer.Ordinal));
        if (invalid is not null)
        {
            throw VaultException.InvalidRequest($"invalid jwt_supported_algs: {invalid}");
        }
    }

    // As Vault: the bundle must hold at least one parsable certificate, otherwise the write fails here rather than as a
    // TLS error (or an unhandled parse error) on every later fetch.
    private static void ValidateCaPem(string pem, string field)
    {
        if (pem.Length == 0)
        {
            return;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            // Reported below, as for PEM text without any certificate.
        }

        if (certificates.Count == 0)
        {
            throw VaultException.InvalidRequest($"could not parse '{field}' value successfully");
        }
    }
}
