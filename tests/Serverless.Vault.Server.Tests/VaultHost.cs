using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Vault.Server.Tests;

/// <summary>A Kestrel host on a free loopback port, talked to over real HTTP.</summary>
public sealed class VaultHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VaultHost(WebApplication app, Uri address, string? rootToken)
    {
        _app = app;
        Address = address;
        RootToken = rootToken;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>The root token in dev mode; null for a non-dev host until someone calls sys/init.</summary>
    public string? RootToken { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts <c>dev</c> mode with a known root token; extra settings as "Key=Value" pairs.</summary>
    public static Task<VaultHost> StartDevAsync(params string[] settings)
    {
        var token = "dev-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return StartAsync(["dev", $"--{"VAULT_DEV_ROOT_TOKEN_ID"}={token}", .. settings.Select(s => "--" + s)], token);
    }

    /// <summary>Starts <c>dev</c> mode with registrations made after the vault's own (a fake clock).</summary>
    public static Task<VaultHost> StartDevAsync(Action<IServiceCollection> configureServices)
    {
        var token = "dev-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return StartAsync(["dev", $"--{"VAULT_DEV_ROOT_TOKEN_ID"}={token}"], token, configureServices);
    }

    /// <summary>Starts the non-dev server: storage and seal from the settings, waiting for sys/init.</summary>
    public static Task<VaultHost> StartServerAsync(params string[] settings) => StartAsync([.. settings.Select(s => "--" + s)], null);

    public static string NewSealKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        if ((token ?? RootToken) is { } t)
        {
            request.Headers.Add("X-Vault-Token", t);
        }

        if (body is not null)
        {
            request.Content = body is string text
                ? new StringContent(text, Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        return await Client.SendAsync(request).ConfigureAwait(false);
    }

    public async Task<JsonObject> ReadJsonAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var response = await SendAsync(method, path, body, token).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<VaultHost> StartAsync(string[] args, string? rootToken, Action<IServiceCollection>? configureServices = null)
    {
        var app = VaultServer.Build([.. args, "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], configureServices);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VaultHost(app, new Uri(address), rootToken);
    }
}
