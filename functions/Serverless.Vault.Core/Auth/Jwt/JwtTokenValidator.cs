using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// Verifies a JWT as Vault's cap/jwt does: asymmetric signature from the mount's keys, bound issuer, audiences,
/// subject and the time claims with the role's leeways, measured on the vault's clock. Returns the claims, or throws
/// a 400 that never quotes the token.
/// </summary>
internal sealed class JwtTokenValidator(TimeProvider time)
{
    /// <summary>Vault's default set: every asymmetric algorithm; HMAC and "none" are never accepted.</summary>
    public static readonly IReadOnlyList<string> AsymmetricAlgorithms =
        ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"];

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<JsonObject> ValidateAsync(string token, JwtConfig config, JwtKeySource keys, Expected expected, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw Invalid("malformed JWT");
        }

        var algorithms = config.SupportedAlgorithms.Count > 0 ? config.SupportedAlgorithms : AsymmetricAlgorithms;
        if (!algorithms.Contains(jwt.Alg, StringComparer.Ordinal) || !AsymmetricAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            throw Invalid($"unsupported signing algorithm \"{jwt.Alg}\"");
        }

        var signingKeys = await keys.KeysAsync(jwt.Kid, cancellationToken).ConfigureAwait(false);
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = algorithms,
            RequireSignedTokens = true,
            ValidateIssuer = config.BoundIssuer.Length > 0,
            ValidIssuer = config.BoundIssuer,

            // Audience and lifetime are checked below, with Vault's rules and the vault's clock.
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateIssuerSigningKey = false,

            // A kid names the one key to use, as in go-oidc: a token that names an unknown key fails even when some
            // other key would verify it. Static PEM keys carry no kid, so with them (or a token without one) all are tried.
            TryAllIssuerSigningKeys = string.IsNullOrEmpty(jwt.Kid) || config.ValidationPublicKeys.Count > 0,
        };
        var result = await Handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            throw Invalid(result.Exception switch
            {
                SecurityTokenInvalidIssuerException => "invalid issuer (iss) claim",
                SecurityTokenInvalidAlgorithmException => $"unsupported signing algorithm \"{jwt.Alg}\"",
                SecurityTokenMalformedException or ArgumentException => "malformed JWT",
                _ => "failed to verify signature",
            });
        }

        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload))) as JsonObject
            ?? throw Invalid("malformed JWT");
        CheckTimes(claims, expected);
        CheckAudience(claims, expected.Audiences);
        if (expected.Subject.Length > 0 && JwtClaims.AsText(JwtClaims.Get(claims, "sub")) != expected.Subject)
        {
            throw Invalid("invalid subject (sub) claim");
        }

        if (expected.Nonce is not null && JwtClaims.AsText(JwtClaims.Get(claims, "nonce")) != expected.Nonce)
        {
            throw Invalid("invalid id_token nonce");
        }

        return claims;
    }

    private void CheckTimes(JsonObject claims, Expected expected)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var skew = JwtLeeway.Effective(expected.ClockSkewLeeway, JwtLeeway.DefaultClockSkew);
        var exp = NumericDate(claims, "exp") ?? throw Invalid("token has no expiration (exp) claim");
        if (now > exp + skew + JwtLeeway.Effective(expected.ExpirationLeeway, JwtLeeway.DefaultExpiration))
        {
            throw Invalid("token is expired (exp)");
        }

        // As cap/jwt: without nbf, the issue time stands in for it.
        var nbf = NumericDate(claims, "nbf") ?? NumericDate(claims, "iat");
        if (nbf is { } notBefore && now + skew + JwtLeeway.Effective(expected.NotBeforeLeeway, JwtLeeway.DefaultNotBefore) < notBefore)
        {
            throw Invalid("token not valid yet (nbf)");
        }
    }

    private static void CheckAudience(JsonObject claims, IReadOnlyList<string> audiences)
    {
        var tokenAudiences = JwtClaims.Get(claims, "aud") is { } aud ? JwtClaims.AsTextList(aud) ?? [] : [];
        if (audiences.Count > 0 && !tokenAudiences.Any(a => audiences.Contains(a, StringComparer.Ordinal)))
        {
            throw Invalid("invalid audience (aud) claim");
        }
    }

    private static long? NumericDate(JsonObject claims, string name)
    {
        if (!claims.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var seconds)
            ? (long)Math.Floor(seconds)
            : throw Invalid($"invalid {name} claim");
    }

    private static VaultException Invalid(string reason) => VaultException.InvalidRequest($"error validating token: {reason}");

    /// <summary>What the token must satisfy besides its signature.</summary>
    public sealed record Expected(IReadOnlyList<string> Audiences, string Subject, long ClockSkewLeeway, long ExpirationLeeway, long NotBeforeLeeway)
    {
        public string? Nonce { get; init; }

        public static Expected For(JwtRole role, IReadOnlyList<string> audiences) =>
            new(audiences, role.BoundSubject, role.ClockSkewLeeway, role.ExpirationLeeway, role.NotBeforeLeeway);
    }
}
