using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Server;

namespace Serverless.Vault.Load.Tests;

/// <summary>The Kestrel host in dev mode (in-memory storage) on a free loopback port, in this process.</summary>
internal sealed class DevVault : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private DevVault(WebApplication app, string address, string rootToken)
    {
        _app = app;
        Address = address;
        RootToken = rootToken;
        _client = new HttpClient { BaseAddress = new Uri(address) };
        _client.DefaultRequestHeaders.Add("X-Vault-Token", rootToken);
    }

    public string Address { get; }

    public string RootToken { get; }

    public static async Task<DevVault> StartAsync()
    {
        var root = "load-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var app = VaultServer.Build(["dev", $"--VAULT_DEV_ROOT_TOKEN_ID={root}", "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevVault(app, address, root);
    }

    /// <summary>The mount paths (with their trailing slash) of sys/mounts or sys/auth.</summary>
    public async Task<IReadOnlyList<string>> MountPathsAsync(string table = "mounts")
    {
        var answer = await _client.GetFromJsonAsync<JsonObject>("/v1/sys/" + table);
        var mounts = answer!["data"] as JsonObject ?? answer;
        return [.. mounts.Select(m => m.Key)];
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
