using System.Net;
using System.Text;
using Azure.Data.Tables;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Storage;

/// <summary>The host over real Table Storage (Azurite): ciphertext only, fail closed with the wrong seal key.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Table_AfterWritesThroughApi_HoldsNoPlaintext()
    {
        var table = AzuriteFixture.CreateTableName();
        string rootToken;
        await using (var vault = await VaultHost.StartDevAsync(Storage(table)))
        {
            rootToken = vault.RootToken!;
            (await vault.SendAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv", description = "desc-marker-0c7f" })).Dispose();
            using var write = await vault.SendAsync(HttpMethod.Put, "kv/app/config", new { db_password = "value-marker-9d2e", note = "ünïcode-marker-5a1b" });
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
            var read = await vault.ReadJsonAsync(HttpMethod.Get, "kv/app/config");
            Assert.Equal("value-marker-9d2e", read["data"]!["db_password"]!.GetValue<string>());
            var status = await vault.ReadJsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
            Assert.Equal("azuretable", status["storage_type"]!.GetValue<string>());
        }

        var entities = await ReadAllAsync(table);
        Assert.NotEmpty(entities);
        var markers = new[] { "desc-marker-0c7f", "value-marker-9d2e", "ünïcode-marker-5a1b", "db_password", rootToken };
        foreach (var entity in entities)
        {
            foreach (var (name, value) in entity)
            {
                var text = value switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes) + Encoding.Latin1.GetString(bytes),
                    BinaryData data => Encoding.UTF8.GetString(data.ToArray()) + Encoding.Latin1.GetString(data.ToArray()),
                    _ => value?.ToString() ?? "",
                };
                foreach (var marker in markers)
                {
                    Assert.False(text.Contains(marker, StringComparison.Ordinal), $"plaintext '{marker}' found in {entity.PartitionKey}/{entity.RowKey}.{name}");
                }
            }
        }
    }

    [Fact]
    public async Task Server_WrongSealKey_StaysSealedWritesNothing_RightKeyUnseals()
    {
        var table = AzuriteFixture.CreateTableName();
        var key = VaultHost.NewSealKey();
        string rootToken;
        await using (var first = await VaultHost.StartServerAsync(Storage(table, "Vault:Seal:Type=local", $"Vault:Seal:Key={key}")))
        {
            var init = await first.ReadJsonAsync(HttpMethod.Put, "sys/init", new { });
            rootToken = init["root_token"]!.GetValue<string>();
            (await first.SendAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv" }, rootToken)).Dispose();
            (await first.SendAsync(HttpMethod.Put, "kv/kept", new { v = "kept" }, rootToken)).Dispose();
        }

        var before = await ReadAllAsync(table);
        await using (var wrong = await VaultHost.StartServerAsync(Storage(table, "Vault:Seal:Type=local", $"Vault:Seal:Key={VaultHost.NewSealKey()}")))
        {
            using var health = await wrong.SendAsync(HttpMethod.Get, "sys/health");
            var body = await HttpResponseAssert.JsonAsync(health, HttpStatusCode.ServiceUnavailable);
            Assert.True(body["initialized"]!.GetValue<bool>());
            Assert.True(body["sealed"]!.GetValue<bool>());

            using var write = await wrong.SendAsync(HttpMethod.Put, "kv/new", new { v = "x" }, rootToken);
            Assert.Equal(["Vault is sealed"], await HttpResponseAssert.ErrorAsync(write, HttpStatusCode.ServiceUnavailable));
            using var init = await wrong.SendAsync(HttpMethod.Put, "sys/init", new { });
            await HttpResponseAssert.ErrorAsync(init, HttpStatusCode.BadRequest);
        }

        var after = await ReadAllAsync(table);
        Assert.Equal(Fingerprint(before), Fingerprint(after));

        await using var right = await VaultHost.StartServerAsync(Storage(table, "Vault:Seal:Type=local", $"Vault:Seal:Key={key}"));
        var read = await right.ReadJsonAsync(HttpMethod.Get, "kv/kept", token: rootToken);
        Assert.Equal("kept", read["data"]!["v"]!.GetValue<string>());
    }

    private string[] Storage(string table, params string[] more) =>
        [$"Vault:Storage:ConnectionString={azurite.ConnectionString}", $"Vault:Storage:TableName={table}", .. more];

    private async Task<List<TableEntity>> ReadAllAsync(string table)
    {
        var client = new TableClient(azurite.ConnectionString, table);
        var entities = new List<TableEntity>();
        await foreach (var entity in client.QueryAsync<TableEntity>())
        {
            entities.Add(entity);
        }

        return entities;
    }

    private static string[] Fingerprint(IEnumerable<TableEntity> entities) =>
        [.. entities.Select(e => $"{e.PartitionKey}|{e.RowKey}|{e.ETag}").Order(StringComparer.Ordinal)];
}
