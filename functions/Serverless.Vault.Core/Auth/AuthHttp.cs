using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth;

/// <summary>
/// Outbound HTTP for auth methods that ask an identity provider (GitHub, Okta): one pooled client per method, bounded
/// time, no redirects (a redirect could carry a user's credential to another host), and provider failures mapped to
/// Vault errors. Credentials go only in headers and bodies, never in URLs or messages.
/// </summary>
public static class AuthHttp
{
    /// <summary>Whole-request bound: a login waits this long at most per provider call.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Pages followed through Link headers before a listing stops: 20 pages of 100 items.</summary>
    public const int MaxPages = 20;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A client meant to live as long as the process (held by a DI singleton).</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // Re-resolves DNS now and then, which a long-lived client otherwise never does.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = RequestTimeout,
    };

    /// <summary>Sends a request, mapping "unreachable" and "timed out" to a 503 that names the provider.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            throw VaultException.Unavailable($"error contacting {provider} at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: the request failed");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw VaultException.Unavailable($"error contacting {provider} at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: no answer within {RequestTimeout.TotalSeconds:0}s");
        }
    }

    /// <summary>Reads a JSON body; a body that is not the expected JSON is the provider's fault (503).</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false);
            return value ?? throw new JsonException("null body");
        }
        catch (JsonException)
        {
            throw VaultException.Unavailable($"unexpected answer from {provider}: the body is not the expected JSON");
        }
    }

    /// <summary>
    /// The rel="next" URL of a Link header (RFC 8288, as GitHub and Okta paginate), only when it stays on
    /// <paramref name="origin"/>: a next link elsewhere would receive the credential, so it ends the listing.
    /// </summary>
    public static Uri? NextLink(HttpResponseMessage response, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(origin);
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length < 2 || !pieces[0].StartsWith('<') || !pieces[0].EndsWith('>')
                || !pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
            {
                continue;
            }

            return Uri.TryCreate(pieces[0][1..^1], UriKind.Absolute, out var next)
                && Uri.Compare(next, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                    ? next
                    : null;
        }

        return null;
    }

    /// <summary>An http(s) URL with a path ending in '/', or a 400 naming the field.</summary>
    public static Uri ParseBaseUrl(string text, string field)
    {
        var normalized = text.EndsWith('/') ? text : text + "/";
        return Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? uri
            : throw VaultException.InvalidRequest($"error parsing given {field}: expected an http or https URL such as https://github.example.com/api/v3/");
    }

    internal static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    internal static bool IsServerError(HttpStatusCode status) => (int)status >= 500;
}
