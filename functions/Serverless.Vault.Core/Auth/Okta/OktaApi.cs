using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>
/// The Okta calls a login needs, over one long-lived client. Passwords, passcodes and the API token travel only in
/// bodies and headers; none reaches a URL, a log line or an error message.
/// </summary>
internal sealed partial class OktaApi(ILogger<OktaApi> logger) : IDisposable
{
    private const string Provider = "Okta";

    private readonly HttpClient _http = AuthHttp.CreateClient();

    public Task<OktaAuthnResult> AuthenticateAsync(Uri apiBase, string username, string password, CancellationToken cancellationToken) =>
        PostAsync(new Uri(apiBase, "api/v1/authn"), new Dictionary<string, string> { ["username"] = username, ["password"] = password }, cancellationToken);

    public Task<OktaAuthnResult> VerifyFactorAsync(Uri verify, string stateToken, string passCode, CancellationToken cancellationToken) =>
        PostAsync(verify, new Dictionary<string, string> { ["stateToken"] = stateToken, ["passCode"] = passCode }, cancellationToken);

    /// <summary>The names of the user's groups, following rel="next" links up to <see cref="AuthHttp.MaxPages"/>.</summary>
    public async Task<IReadOnlyList<string>> ListGroupsAsync(Uri apiBase, string apiToken, string userId, CancellationToken cancellationToken)
    {
        var first = new Uri(apiBase, $"api/v1/users/{Uri.EscapeDataString(userId)}/groups");
        var names = new List<string>();
        Uri? next = first;
        for (var page = 0; next is not null; page++)
        {
            if (page == AuthHttp.MaxPages)
            {
                LogListingTruncated(logger, AuthHttp.MaxPages);
                break;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("SSWS", apiToken);
            using var response = await SendAsync(request, "okta failure retrieving groups", cancellationToken).ConfigureAwait(false);
            var groups = await AuthHttp.ReadJsonAsync<List<OktaGroup>>(response, Provider, cancellationToken).ConfigureAwait(false);
            names.AddRange(groups.Select(g => g.Profile?.Name ?? "").Where(n => n.Length > 0));
            next = AuthHttp.NextLink(response, first);
        }

        return names;
    }

    public void Dispose() => _http.Dispose();

    private async Task<OktaAuthnResult> PostAsync(Uri url, Dictionary<string, string> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        using var response = await SendAsync(request, "Okta auth failed", cancellationToken).ConfigureAwait(false);
        return await AuthHttp.ReadJsonAsync<OktaAuthnResult>(response, Provider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A 4xx is a refusal in Okta's words ("Authentication failed (code=E0000004)"); a 5xx a 503.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string failure, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await AuthHttp.SendAsync(_http, request, Provider, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            LogCallFailed(logger, request.RequestUri!.AbsolutePath, (int)response.StatusCode);
            if (AuthHttp.IsServerError(response.StatusCode))
            {
                throw VaultException.Unavailable($"{failure}: Okta answered {(int)response.StatusCode}");
            }

            var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            throw VaultException.InvalidRequest(error is { Summary: { } summary }
                ? $"{failure}: {summary} (code={error.Code})"
                : $"{failure}: Okta answered {(int)response.StatusCode}");
        }
    }

    private static async Task<OktaError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<OktaError>(AuthHttp.Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Okta call {Path} answered {Status}")]
    private static partial void LogCallFailed(ILogger logger, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Okta group listing cut after {Pages} pages")]
    private static partial void LogListingTruncated(ILogger logger, int pages);

    private sealed record OktaError([property: JsonPropertyName("errorCode")] string? Code, [property: JsonPropertyName("errorSummary")] string? Summary);

    private sealed record OktaGroup([property: JsonPropertyName("profile")] OktaGroupProfile? Profile);

    private sealed record OktaGroupProfile([property: JsonPropertyName("name")] string? Name);
}
