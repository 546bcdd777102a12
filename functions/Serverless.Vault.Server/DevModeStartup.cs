using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Server;

/// <summary>
/// Initialises (or unseals) the vault before Kestrel listens, so the first request finds it ready, then prints how
/// to reach it, like <c>vault server -dev</c>.
/// </summary>
internal sealed class DevModeStartup(
    IHostApplicationLifetime lifetime,
    IServer server,
    IConfiguration configuration,
    IBarrier barrier,
    VaultInitializer initializer,
    RequestHandler handler) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? rootToken = null;
        if (await barrier.IsInitializedAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await barrier.UnsealAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SealUnavailableException error)
            {
                throw new InvalidOperationException(
                    "Dev mode found initialised storage that its seal key cannot unseal: configure the key it was created with, or use a fresh table.", error);
            }
        }
        else
        {
            // Environment variable or command-line setting, as with `vault server -dev`.
            var requested = configuration[DevMode.RootTokenVariable];
            rootToken = await initializer.InitializeAsync(requested, cancellationToken).ConfigureAwait(false);
            await MountSecretAsync(rootToken, cancellationToken).ConfigureAwait(false);
        }

        lifetime.ApplicationStarted.Register(() => Announce(rootToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Like Vault's dev mode: KV version 2 at secret/, enabled through the API like any other mount.</summary>
    private async Task MountSecretAsync(string rootToken, CancellationToken cancellationToken)
    {
        var response = await handler.HandleAsync(
            new VaultRequest
            {
                RequestId = RandomIds.Uuid(),
                Operation = Operation.Update,
                Path = "sys/mounts/secret",
                ClientToken = rootToken,
                Data = new JsonObject { ["type"] = "kv-v2", ["description"] = "key/value secret storage" },
            },
            cancellationToken).ConfigureAwait(false);
        if (response?.Errors is { } errors)
        {
            throw new InvalidOperationException($"Dev mode could not mount secret/: {string.Join("; ", errors)}");
        }
    }

    private void Announce(string? rootToken)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? VaultServer.DevAddress;
        Console.WriteLine("==> Serverless Vault dev server started. Do not run dev mode in production.");
        Console.WriteLine();
        Console.WriteLine($"export VAULT_ADDR='{address}'");

        // Dev mode prints the root token on purpose, as `vault server -dev` does; nothing else ever shows it.
        Console.WriteLine(rootToken is null
            ? "# The storage was already initialised: use the root token printed when it was created."
            : $"export VAULT_TOKEN='{rootToken}'");
        Console.Out.Flush();
    }
}
