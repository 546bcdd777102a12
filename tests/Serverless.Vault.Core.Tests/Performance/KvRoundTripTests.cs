using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Tests.Performance;

/// <summary>
/// What a warm instance pays in storage round trips per KV request: one read for a read, one read plus one
/// transaction for a write (the token entry is cached by the instance within its staleness budget). Counted, not
/// timed: round trips are what cost on Functions.
/// </summary>
public sealed class KvRoundTripTests : IAsyncLifetime
{
    private const string Token = "root-token";
    private readonly CountingStorage _physical = new(new InMemoryStorage());
    private ServiceProvider _services = null!;
    private RequestHandler _handler = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStorage>(_physical)
            .AddSingleton<ISeal>(LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)))
            .AddSingleton(new ServerInfo("local", "inmem"))
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)))
            .AddVaultCore()
            .BuildServiceProvider();
        await _services.GetRequiredService<VaultInitializer>().InitializeAsync(Token, CancellationToken.None);
        _handler = _services.GetRequiredService<RequestHandler>();
        Assert.Null(await SendAsync(Operation.Update, "sys/mounts/secret", new JsonObject { ["type"] = "kv-v2" }));

        // Warm-up: the first request per mount reads the mount's settings once and checks the v1 upgrade once.
        await WriteAsync("warm", "x");
        await SendAsync(Operation.Read, "secret/data/warm", null);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Write_ExistingSecret_CostsOneReadAndOneTransaction()
    {
        await WriteAsync("app", "v1");
        _physical.Reset();

        await WriteAsync("app", "v2");

        Assert.Equal(1, _physical.Gets);
        Assert.Equal(1, _physical.Commits);
        Assert.Equal(1, _physical.Writes);
    }

    [Fact]
    public async Task Read_LatestVersion_CostsOneRead()
    {
        await WriteAsync("app", "v1");
        await WriteAsync("app", "v2");
        _physical.Reset();

        var response = await SendAsync(Operation.Read, "secret/data/app", null);

        Assert.Equal("v2", response!.Data!["data"]!["k"]!.GetValue<string>());
        Assert.Equal(1, _physical.Gets);
        Assert.Equal(0, _physical.Writes);
    }

    private async Task WriteAsync(string name, string value)
    {
        var response = await SendAsync(Operation.Update, $"secret/data/{name}", new JsonObject { ["data"] = new JsonObject { ["k"] = value } });
        Assert.Null(response!.Errors);
    }

    private Task<VaultResponse?> SendAsync(Operation operation, string path, JsonObject? data) =>
        _handler.HandleAsync(
            new VaultRequest { RequestId = RandomIds.Uuid(), Operation = operation, Path = path, Data = data ?? [], ClientToken = Token },
            CancellationToken.None);
}
