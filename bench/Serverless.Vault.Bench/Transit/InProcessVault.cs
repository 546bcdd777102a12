using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Bench.Transit;

/// <summary>
/// The core without any host: the real DI registrations over in-memory storage and a local seal, driven through
/// <see cref="RequestHandler"/> (seal check, routing, token, existence, ACL, backend), as the engine tests build it.
/// </summary>
internal sealed class InProcessVault : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RequestHandler _handler;
    private readonly string _rootToken;
    private string _token;

    private InProcessVault(ServiceProvider services, string rootToken)
    {
        _services = services;
        _handler = services.GetRequiredService<RequestHandler>();
        _rootToken = rootToken;
        _token = rootToken;
    }

    public static async Task<InProcessVault> StartAsync(CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStorage>(new InMemoryStorage())
            .AddSingleton<ISeal>(LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)))
            .AddSingleton(new ServerInfo("local", "inmem"))
            .AddSingleton(TimeProvider.System)
            .AddVaultCore()
            .BuildServiceProvider();
        var root = "bench-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await services.GetRequiredService<VaultInitializer>().InitializeAsync(root, cancellationToken).ConfigureAwait(false);
        return new InProcessVault(services, root);
    }

    /// <summary>The same mount, key, policy and non-root token as the HTTP side.</summary>
    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        await SendAsync(Operation.Update, "sys/mounts/" + BenchKey.Mount, new JsonObject { ["type"] = "transit" }, _rootToken, cancellationToken).ConfigureAwait(false);
        await SendAsync(Operation.Update, BenchKey.KeyPath, new JsonObject { ["type"] = "aes256-gcm96" }, _rootToken, cancellationToken).ConfigureAwait(false);
        await SendAsync(Operation.Update, "sys/policies/acl/" + BenchKey.PolicyName, new JsonObject { ["policy"] = BenchKey.Policy }, _rootToken, cancellationToken).ConfigureAwait(false);
        var created = await SendAsync(Operation.Update, "auth/token/create", new JsonObject { ["policies"] = new JsonArray(BenchKey.PolicyName) }, _rootToken, cancellationToken).ConfigureAwait(false);
        _token = created?.Auth?["client_token"]?.GetValue<string>() ?? throw new InvalidOperationException("auth/token/create returned no client_token");
    }

    /// <summary>
    /// One request; the body is parsed from its JSON bytes on every call because that is what the HTTP adapter hands the
    /// core. The response is not serialised: that is the adapter's job and is not part of this measurement.
    /// </summary>
    public Task<VaultResponse?> SendAsync(Operation operation, string path, byte[]? body, CancellationToken cancellationToken) =>
        SendAsync(operation, path, body is null ? [] : JsonNode.Parse(body)!.AsObject(), _token, cancellationToken);

    public void Dispose() => _services.Dispose();

    private async Task<VaultResponse?> SendAsync(Operation operation, string path, JsonObject data, string token, CancellationToken cancellationToken)
    {
        var response = await _handler.HandleAsync(
            new VaultRequest
            {
                RequestId = Guid.NewGuid().ToString("D"),
                Operation = operation,
                Path = path,
                Data = data,
                ClientToken = token,
                RemoteAddress = "127.0.0.1",
            },
            cancellationToken).ConfigureAwait(false);
        if (response?.Errors is { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"{operation} {path}: {response.StatusCode} {string.Join("; ", errors)}");
        }

        return response;
    }
}
