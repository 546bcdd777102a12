using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Client.Auth;
using Serverless.Vault.Server;

namespace Serverless.Vault.Client.Tests;

/// <summary>The vault's Kestrel host in dev mode on a free loopback port, reached over real HTTP.</summary>
public sealed class DevVault : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DevVault(WebApplication app, Uri address, string rootToken)
    {
        _app = app;
        Address = address;
        RootToken = rootToken;
        Http = new HttpClient { BaseAddress = address };
        Http.DefaultRequestHeaders.Add("X-Vault-Token", rootToken);
    }

    public Uri Address { get; }

    public string RootToken { get; }

    /// <summary>Raw HTTP with the root token: for arranging a test without the client under test.</summary>
    public HttpClient Http { get; }

    /// <param name="time">The vault's clock (a FakeTimeProvider shared with the client under test); null for the system's.</param>
    public static async Task<DevVault> StartAsync(TimeProvider? time = null)
    {
        var token = "dev-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var app = VaultServer.Build(
            ["dev", $"--VAULT_DEV_ROOT_TOKEN_ID={token}", "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            time is null ? null : services => services.AddSingleton(time));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevVault(app, new Uri(address), token);
    }

    /// <summary>A client for this vault logged in with the root token (or the given auth method).</summary>
    public VaultClient NewClient(IVaultAuthMethod? auth = null, TimeProvider? time = null) =>
        new(new HttpClient(), new VaultClientOptions { Address = Address }, auth ?? new TokenAuth(RootToken), time);

    /// <summary>Sends one request with the root token and returns the body; fails the test on an error status.</summary>
    public async Task<JsonObject?> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
