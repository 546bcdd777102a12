using System.Text.Json;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>The token request of the code flow (client_secret_basic, PKCE verifier); returns the ID token.</summary>
internal static class OidcCodeExchange
{
    public static async Task<string> IdTokenAsync(HttpClient client, string tokenEndpoint, JwtConfig config, OidcState state, string code, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = state.RedirectUri,
                ["code_verifier"] = state.CodeVerifier,
            }),
        };

        // RFC 6749 2.3.1: both parts form-encoded before they are joined for Basic.
        var credentials = $"{Uri.EscapeDataString(config.ClientId)}:{Uri.EscapeDataString(config.ClientSecret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        JsonObject? body;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) as JsonObject;
            if (!response.IsSuccessStatusCode)
            {
                // Only the OAuth error code is quoted: the rest of the body might echo the code.
                var error = JwtClaims.AsText(body?["error"]) ?? "unknown error";
                throw VaultException.InvalidRequest($"Error exchanging oidc code: the provider answered {(int)response.StatusCode} ({error})");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            throw VaultException.InvalidRequest("Error exchanging oidc code: the token endpoint could not be reached or answered nonsense");
        }

        return JwtClaims.AsText(body?["id_token"]) is { Length: > 0 } idToken
            ? idToken
            : throw VaultException.InvalidRequest("No id_token found in response.");
    }
}
