using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Bench;

/// <summary>
/// The core without any host: the real DI registrations over the given storage and a local seal, initialised with a
/// random root token, driven through <see cref="RequestHandler"/> (seal check, routing, token, existence, ACL, backend).
/// </summary>
internal sealed class InProcessCore : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RequestHandler _handler;

    private InProcessCore(ServiceProvider services, string rootToken)
    {
        _services = services;
        _handler = services.GetRequiredService<RequestHandler>();
        RootToken = rootToken;
    }

    public string RootToken { get; }

    public static async Task<InProcessCore> StartAsync(IStorage storage, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(storage)
            .AddSingleton<ISeal>(LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)))
            .AddSingleton(new ServerInfo("local", "inmem"))
            .AddSingleton(TimeProvider.System)
            .AddVaultCore()
            .BuildServiceProvider();
        var root = "bench-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await services.GetRequiredService<VaultInitializer>().InitializeAsync(root, cancellationToken).ConfigureAwait(false);
        return new InProcessCore(services, root);
    }

    /// <summary>
    /// One request; an error answer throws, so a hot loop never counts a failure as work done. A value task: the loops
    /// call it millions of times, and a task object per call is the harness's cost, not the vault's.
    /// </summary>
    public async ValueTask<VaultResponse?> SendAsync(Operation operation, string path, JsonObject data, string token, CancellationToken cancellationToken, ParsedBody? body = null)
    {
        var response = await _handler.HandleAsync(
            new VaultRequest
            {
                // As the HTTP adapter makes them (buffered randomness, not a system call per request).
                RequestId = RandomIds.Uuid(),
                Operation = operation,
                Path = path,
                Data = data,
                Body = body,
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

    /// <summary>Creates a token holding only <paramref name="policy"/> (written as <paramref name="policyName"/>).</summary>
    public async Task<string> TokenWithPolicyAsync(string policyName, string policy, CancellationToken cancellationToken)
    {
        await SendAsync(Operation.Update, "sys/policies/acl/" + policyName, new JsonObject { ["policy"] = policy }, RootToken, cancellationToken).ConfigureAwait(false);
        var created = await SendAsync(Operation.Update, "auth/token/create", new JsonObject { ["policies"] = new JsonArray(policyName) }, RootToken, cancellationToken).ConfigureAwait(false);
        return created?.Auth?["client_token"]?.GetValue<string>() ?? throw new InvalidOperationException("auth/token/create returned no client_token");
    }

    public void Dispose() => _services.Dispose();
}
