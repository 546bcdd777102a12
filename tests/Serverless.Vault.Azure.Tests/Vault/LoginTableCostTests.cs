using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Azure.Storage;
using Serverless.Vault.Azure.Tests.Fixtures;
using Serverless.Vault.Azure.Tests.Storage;
using Serverless.Vault.Core;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Azure.Tests.Vault;

/// <summary>
/// What an AppRole login costs in requests to the Table service, counted at the HTTP handler in front of a real
/// Azurite, with the vault's permanent folders (<see cref="StorageFolders.Permanent"/>) and without them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LoginTableCostTests(AzuriteFixture azurite) : IDisposable
{
    private const string RootToken = "root-token";

    private readonly FaultInjectingHandler _handler = new();

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task AppRoleLogin_WithPermanentFolders_WritesNoMarkerAboveThem()
    {
        var without = await LoginRequestsAsync([]);
        var with = await LoginRequestsAsync(StorageFolders.Permanent);

        // The login's storage work is 3 reads and 3 writes (see ApiCostTests); the rest are folder marker upserts.
        // Without permanent folders each login re-upserts core/token/id, core/token and core for its token entry,
        // sys/expire/id, sys/expire and sys for its lease entry, and sys/expire/due, sys/expire and sys for its due
        // minute's marker (9). With them, only folders that can empty again get theirs: the lease entry's
        // auth/approle/login below sys/expire/id (3), the due minute and its day (2).
        Assert.Equal((11, 20), (with, without));
    }

    /// <summary>Table requests of the second AppRole login on a fresh vault (the first one walks the folders once).</summary>
    private async Task<int> LoginRequestsAsync(IReadOnlyCollection<string> permanentFolders)
    {
        var options = new TableStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            TableName = AzuriteFixture.CreateTableName(),
            PermanentFolders = permanentFolders,
        };
        var clientOptions = TableStorage.CreateClientOptions(options);
        clientOptions.Transport = new HttpClientTransport(_handler);
        var storage = new TableStorage(new TableServiceClient(options.ConnectionString, clientOptions), options);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStorage>(storage)
            .AddSingleton<ISeal>(LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)))
            .AddSingleton(new ServerInfo("local", "table"))
            .AddSingleton(TimeProvider.System)
            .AddVaultCore()
            .BuildServiceProvider();
        await services.GetRequiredService<VaultInitializer>().InitializeAsync(RootToken, CancellationToken.None);
        var handler = services.GetRequiredService<RequestHandler>();
        await SendAsync(handler, "sys/auth/approle", new JsonObject { ["type"] = "approle" });
        await SendAsync(handler, "auth/approle/role/web", new JsonObject { ["token_ttl"] = "1h" });
        var roleId = (await SendAsync(handler, "auth/approle/role/web/role-id", null, Operation.Read))!.Data!["role_id"]!.GetValue<string>();
        async Task<int> LoginAsync()
        {
            var secretId = (await SendAsync(handler, "auth/approle/role/web/secret-id", []))!.Data!["secret_id"]!.GetValue<string>();
            var before = _handler.Requests;
            var login = await SendAsync(handler, "auth/approle/login", new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId }, token: null);
            Assert.NotNull(login?.Auth?["client_token"]);
            return _handler.Requests - before;
        }

        await LoginAsync();
        return await LoginAsync();
    }

    private static async Task<VaultResponse?> SendAsync(RequestHandler handler, string path, JsonObject? data, Operation operation = Operation.Update, string? token = RootToken)
    {
        var response = await handler.HandleAsync(
            new VaultRequest { RequestId = Guid.NewGuid().ToString("D"), Operation = operation, Path = path, Data = data ?? [], ClientToken = token, RemoteAddress = "127.0.0.1" },
            CancellationToken.None);
        Assert.True(response?.Errors is not { Count: > 0 }, string.Join("; ", response?.Errors ?? []));
        return response;
    }
}
