using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;
using Serverless.Vault.Core.Tests.Performance;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

/// <summary>Token requests through the router, and direct calls into a vault's token store.</summary>
internal static class TokenTestKit
{
    /// <summary>Creates a token through auth/token/create (or another create path) and returns its id and auth block.</summary>
    public static async Task<(string Id, JsonObject Auth)> CreateTokenAsync(
        this TestVault vault, JsonObject? body = null, string path = "auth/token/create", string token = TestVault.RootToken)
    {
        var auth = Auth(await vault.WriteAsync(path, body ?? [], token));
        return (auth["client_token"]!.GetValue<string>(), auth);
    }

    /// <summary>A token with the root policy (so the ACL lets it reach every path) and a TTL.</summary>
    public static Task<(string Id, JsonObject Auth)> CreateRootChildAsync(
        this TestVault vault, string ttl = "1h", string parent = TestVault.RootToken, string path = "auth/token/create", JsonObject? extra = null)
    {
        var body = new JsonObject { ["policies"] = new JsonArray("root"), ["ttl"] = ttl };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }

        return vault.CreateTokenAsync(body, path, parent);
    }

    /// <summary>Asserts a success answer with an auth block and returns it.</summary>
    public static JsonObject Auth(VaultResponse? response)
    {
        Assert.NotNull(response);
        Assert.True(response.Errors is null, $"Expected success, got {response.StatusCode}: {string.Join("; ", response.Errors ?? [])}");
        Assert.Null(response.Data);
        return Assert.IsType<JsonObject>(response.Auth);
    }

    public static Task<VaultResponse?> LookupSelfAsync(this TestVault vault, string token) => vault.ReadAsync("auth/token/lookup-self", token);

    public static Task<TokenEntry?> EntryAsync(this TestVault vault, string token) =>
        vault.Get<TokenStore>().LookupAsync(token, CancellationToken.None);

    public static string Accessor(JsonObject auth) => auth["accessor"]!.GetValue<string>();

    public static JsonObject Body(string key, JsonNode? value) => new() { [key] = value };

    /// <summary>Runs a token path's handler directly as the given caller, skipping the pipeline.</summary>
    public static Task<VaultResponse?> InvokeAsCallerAsync(this TestVault vault, string path, JsonObject body, string clientToken, TokenEntry caller)
    {
        var match = vault.Get<TokenBackend>().Paths.Match(path) ?? throw new InvalidOperationException($"no token path {path}");
        var request = new VaultRequest
        {
            RequestId = "test",
            Operation = Operation.Update,
            Path = path,
            Data = body,
            ClientToken = clientToken,
            Token = caller,
            Mount = SystemMount.Token,
        };
        return BackendInvoker.InvokeAsync(request, match, CancellationToken.None);
    }
}

/// <summary>A vault over a storage that counts round trips, for the batch token "writes nothing, reads nothing" checks.</summary>
internal sealed class CountingVault : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CountingVault()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStorage>(Storage)
            .AddSingleton<ISeal>(LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)))
            .AddSingleton(new ServerInfo("local", "inmem"))
            .AddSingleton<TimeProvider>(Time)
            .AddVaultCore()
            .BuildServiceProvider();
    }

    public CountingStorage Storage { get; } = new(new InMemoryStorage());

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public TokenStore Tokens => _services.GetRequiredService<TokenStore>();

    public static async Task<CountingVault> InitializedAsync()
    {
        var vault = new CountingVault();
        await vault._services.GetRequiredService<VaultInitializer>().InitializeAsync(TestVault.RootToken, CancellationToken.None);
        return vault;
    }

    public Task<VaultResponse?> WriteAsync(string path, JsonObject body, string token = TestVault.RootToken) =>
        _services.GetRequiredService<RequestHandler>().HandleAsync(
            new VaultRequest { RequestId = "r", Operation = Operation.Update, Path = path, Data = JsonNode.Parse(body.ToJsonString())!.AsObject(), ClientToken = token },
            CancellationToken.None);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
