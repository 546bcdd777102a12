using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Server;

namespace Serverless.Vault.Bench.Transit;

/// <summary>The Kestrel host in dev mode (in-memory storage) on a free loopback port, in this process, and a client for it.</summary>
internal sealed class HttpVault : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly string _rootToken;
    private string _token;

    private HttpVault(WebApplication app, HttpClient client, string rootToken)
    {
        _app = app;
        _client = client;
        _rootToken = rootToken;
        _token = rootToken;
    }

    /// <param name="configureServices">Changes to the host's services (row 1's baseline swaps transit's ciphers).</param>
    public static async Task<HttpVault> StartAsync(CancellationToken cancellationToken, Action<IServiceCollection>? configureServices = null)
    {
        var root = "bench-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var app = VaultServer.Build(["dev", $"--VAULT_DEV_ROOT_TOKEN_ID={root}", "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], configureServices);
        var address = await LoopbackExchange.StartAsync(app, cancellationToken).ConfigureAwait(false);
        var client = LoopbackExchange.Client(new Uri(address, "/v1/"));
        return new HttpVault(app, client, root);
    }

    /// <summary>Mounts transit, creates the key and switches to a token holding only <see cref="BenchKey.Policy"/>.</summary>
    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        await SendJsonAsync(HttpMethod.Post, "sys/mounts/" + BenchKey.Mount, new JsonObject { ["type"] = "transit" }, cancellationToken).ConfigureAwait(false);
        await SendJsonAsync(HttpMethod.Post, BenchKey.KeyPath, new JsonObject { ["type"] = "aes256-gcm96" }, cancellationToken).ConfigureAwait(false);
        await SendJsonAsync(HttpMethod.Put, "sys/policies/acl/" + BenchKey.PolicyName, new JsonObject { ["policy"] = BenchKey.Policy }, cancellationToken).ConfigureAwait(false);
        var created = await SendJsonAsync(HttpMethod.Post, "auth/token/create", new JsonObject { ["policies"] = new JsonArray(BenchKey.PolicyName) }, cancellationToken).ConfigureAwait(false);
        _token = created?["auth"]?["client_token"]?.GetValue<string>() ?? throw new InvalidOperationException("auth/token/create returned no client_token");
    }

    /// <summary>One request as the hot loops send it: the body pre-serialised, the answer drained (see <see cref="LoopbackExchange"/>).</summary>
    public async ValueTask CallAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body, _token);
        await LoopbackExchange.SendAsync(_client, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer's bytes exactly as the vault sends them, for the echo host to send back.</summary>
    public async Task<byte[]> AnswerBytesAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body, _token);
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One request whose answer is parsed, for set-up and for checking that the hot loops do what they claim.</summary>
    public async Task<JsonObject?> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken) =>
        await SendAsync(method, path, body, _token, cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private Task<JsonObject?> SendJsonAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(method, path, JsonSerializer.SerializeToUtf8Bytes(body), _rootToken, cancellationToken);

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, byte[]? body, string token, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body, token);
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text)?.AsObject();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, byte[]? body, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }
}
