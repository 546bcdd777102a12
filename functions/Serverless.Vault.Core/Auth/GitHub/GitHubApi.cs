using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>
/// The few GitHub REST calls a login needs, over one long-lived client. The personal access token is sent as a bearer
/// header and appears in no URL, log line or error message.
/// </summary>
internal sealed partial class GitHubApi(ILogger<GitHubApi> logger) : IDisposable
{
    private const string Provider = "GitHub";

    private readonly HttpClient _http = AuthHttp.CreateClient();

    internal Task<GitHubIdentity> GetUserAsync(Uri apiBase, string token, CancellationToken cancellationToken) =>
        GetAsync<GitHubIdentity>(new Uri(apiBase, "user"), token, cancellationToken);

    /// <summary>GET /orgs/{org}: public, so it runs without a token when the configuration is written.</summary>
    internal Task<GitHubIdentity> GetOrganizationAsync(Uri apiBase, string organization, CancellationToken cancellationToken) =>
        GetAsync<GitHubIdentity>(new Uri(apiBase, "orgs/" + Uri.EscapeDataString(organization)), null, cancellationToken);

    internal Task<IReadOnlyList<GitHubIdentity>> ListOrganizationsAsync(Uri apiBase, string token, CancellationToken cancellationToken) =>
        ListAsync<GitHubIdentity>(new Uri(apiBase, "user/orgs?per_page=100"), token, cancellationToken);

    internal Task<IReadOnlyList<GitHubTeam>> ListTeamsAsync(Uri apiBase, string token, CancellationToken cancellationToken) =>
        ListAsync<GitHubTeam>(new Uri(apiBase, "user/teams?per_page=100"), token, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> GetAsync<T>(Uri url, string? token, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(url, token, cancellationToken).ConfigureAwait(false);
        return await AuthHttp.ReadJsonAsync<T>(response, Provider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Follows rel="next" links up to <see cref="AuthHttp.MaxPages"/>; a longer listing is cut there.</summary>
    private async Task<IReadOnlyList<T>> ListAsync<T>(Uri first, string token, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        Uri? next = first;
        for (var page = 0; next is not null; page++)
        {
            if (page == AuthHttp.MaxPages)
            {
                LogListingTruncated(logger, first.AbsolutePath, AuthHttp.MaxPages);
                break;
            }

            using var response = await SendAsync(next, token, cancellationToken).ConfigureAwait(false);
            items.AddRange(await AuthHttp.ReadJsonAsync<List<T>>(response, Provider, cancellationToken).ConfigureAwait(false));
            next = AuthHttp.NextLink(response, first);
        }

        return items;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        // GitHub refuses requests without a User-Agent.
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("serverless-vault", "1.0"));
        if (token is not null)
        {
            request.Headers.Authorization = AuthHttp.Bearer(token);
        }

        var response = await AuthHttp.SendAsync(_http, request, Provider, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var message = await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            LogCallFailed(logger, url.AbsolutePath, (int)response.StatusCode);
            var text = $"GET {url.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {message}".TrimEnd();
            throw AuthHttp.IsServerError(response.StatusCode) ? VaultException.Unavailable(text) : VaultException.InvalidRequest(text);
        }
    }

    /// <summary>GitHub's {"message": ...}, e.g. "Bad credentials"; nothing when the body is not that.</summary>
    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<GitHubError>(AuthHttp.Json, cancellationToken).ConfigureAwait(false);
            return body?.Message ?? "";
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return "";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub call {Path} answered {Status}")]
    private static partial void LogCallFailed(ILogger logger, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub listing {Path} cut after {Pages} pages")]
    private static partial void LogListingTruncated(ILogger logger, string path, int pages);

    private sealed record GitHubError([property: JsonPropertyName("message")] string? Message);
}
