using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Tests.Pipeline;

/// <summary>
/// A vault built from the real DI registrations over in-memory storage, a local seal and a fake clock, driven through
/// <see cref="RequestHandler"/> as engine tests should be. Several instances may share one physical storage and seal
/// key to play separate Function App instances.
/// </summary>
internal sealed class TestVault : IDisposable
{
    public const string RootToken = "root-token";

    private readonly ServiceProvider _services;

    private readonly Action<IServiceCollection>? _configure;

    private TestVault(InMemoryStorage physical, byte[] sealKey, FakeTimeProvider time, Action<IServiceCollection>? configure = null)
    {
        Physical = physical;
        SealKey = sealKey;
        Time = time;
        _configure = configure;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStorage>(physical)
            .AddSingleton<ISeal>(LocalSeal.FromKey(sealKey))
            .AddSingleton(new ServerInfo("local", "inmem"))
            .AddSingleton<TimeProvider>(time)
            .AddVaultCore();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
        Handler = _services.GetRequiredService<RequestHandler>();
    }

    public InMemoryStorage Physical { get; }

    public byte[] SealKey { get; }

    public FakeTimeProvider Time { get; }

    public RequestHandler Handler { get; }

    public IServiceProvider Services => _services;

    /// <summary>A fresh vault that nobody has initialised.</summary>
    /// <param name="configure">Extra registrations (a test backend factory, options) made after the core's.</param>
    public static TestVault Uninitialized(Action<IServiceCollection>? configure = null) =>
        new(new InMemoryStorage(), RandomNumberGenerator.GetBytes(32), new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)), configure);

    /// <summary>A vault initialised with <see cref="RootToken"/>.</summary>
    public static async Task<TestVault> InitializedAsync(Action<IServiceCollection>? configure = null)
    {
        var vault = Uninitialized(configure);
        await vault.Services.GetRequiredService<VaultInitializer>().InitializeAsync(RootToken, CancellationToken.None);
        return vault;
    }

    /// <summary>Another instance over the same physical storage and seal key, with its own clock and caches.</summary>
    public TestVault SecondInstance() => new(Physical, SealKey, new FakeTimeProvider(Time.GetUtcNow()), _configure);

    /// <summary>An instance over the same storage configured with another seal key: it can never unseal.</summary>
    public TestVault InstanceWithWrongSealKey() => new(Physical, RandomNumberGenerator.GetBytes(32), new FakeTimeProvider(Time.GetUtcNow()));

    public Task<VaultResponse?> ReadAsync(string path, string? token = RootToken) => SendAsync(Operation.Read, path, null, token);

    public Task<VaultResponse?> ListAsync(string path, string? token = RootToken) => SendAsync(Operation.List, path, null, token);

    public Task<VaultResponse?> WriteAsync(string path, JsonObject? data = null, string? token = RootToken) => SendAsync(Operation.Update, path, data, token);

    public Task<VaultResponse?> DeleteAsync(string path, string? token = RootToken) => SendAsync(Operation.Delete, path, null, token);

    /// <param name="wrapTtl">An X-Vault-Wrap-TTL for the request, if any.</param>
    /// <param name="remoteAddress">The client address the request comes from (rate-limit quotas count per address).</param>
    public Task<VaultResponse?> SendAsync(Operation operation, string path, JsonObject? data, string? token, bool help = false, TimeSpan? wrapTtl = null, string? remoteAddress = null) =>
        Handler.HandleAsync(
            new VaultRequest
            {
                RequestId = Guid.NewGuid().ToString("D"),
                Operation = operation,
                Path = path,
                // Round-tripped through JSON text, as the HTTP adapter parses every body.
                Data = data is null ? [] : JsonNode.Parse(data.ToJsonString())!.AsObject(),
                ClientToken = token,
                IsHelp = help,
                WrapTtl = wrapTtl,
                RemoteAddress = remoteAddress,
            },
            CancellationToken.None);

    /// <summary>Enables a secrets engine and asserts the 204.</summary>
    public async Task EnableAsync(string path, string type = "kv")
    {
        VaultAssert.NoContent(await WriteAsync("sys/mounts/" + path, new JsonObject { ["type"] = type }));
    }

    /// <summary>Writes the ACL policy <paramref name="name"/> and returns a new token holding only it.</summary>
    public async Task<string> TokenWithPolicyAsync(string name, string policy)
    {
        VaultAssert.NoContent(await WriteAsync("sys/policies/acl/" + name, new JsonObject { ["policy"] = policy }));
        var created = await WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray(name) });
        Assert.Null(created?.Errors);
        return created!.Auth!["client_token"]!.GetValue<string>();
    }

    /// <summary>The UUID of a mount, as sys/mounts/:path reports it.</summary>
    public async Task<string> MountUuidAsync(string path)
    {
        var response = await ReadAsync("sys/mounts/" + path);
        return VaultAssert.Ok(response)["uuid"]!.GetValue<string>();
    }

    /// <summary>Every physical key below a prefix, recursively.</summary>
    public async Task<IReadOnlyList<string>> PhysicalKeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in StorageTree.KeysAsync(Physical, prefix, CancellationToken.None))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>One of the vault's own services, for steps tested in isolation against a real vault.</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();
}
