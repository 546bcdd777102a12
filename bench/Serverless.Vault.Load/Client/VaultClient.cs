using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Load.Client;

/// <summary>A thin HTTP client for any Vault-compatible address: X-Vault-Token, JSON bodies, non-2xx answers as <see cref="VaultCallException"/>.</summary>
internal sealed class VaultClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http;

    public VaultClient(Uri address, string? token)
    {
        var loopback = IPAddress.TryParse(address.Host, out var ip) && IPAddress.IsLoopback(ip) || address.IsLoopback;
        // No proxy for loopback: a configured HTTP_PROXY must not see (or slow) local traffic.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = !loopback, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(address, "/v1/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        Token = token;
    }

    public string? Token { get; }

    /// <summary>A request whose answer is parsed (null when empty), for setup and for checks.</summary>
    public async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, string? token = null)
    {
        var bytes = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body);
        using var response = await SendRawAsync(method, path, bytes, token ?? Token, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
    }

    /// <summary>A hot-loop request: the body pre-serialised, the answer read in full but not parsed.</summary>
    public async Task CallAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken, string? token = null)
    {
        using var response = await SendRawAsync(method, path, body, token ?? Token, cancellationToken).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, byte[]? body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonType;
        }

        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new VaultCallException(method, path, (int)response.StatusCode, text);
        }
    }
}
