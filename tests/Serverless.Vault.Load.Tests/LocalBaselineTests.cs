using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Load.Tests;

public sealed class LocalBaselineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Baselines_RunWithoutAVaultAddress_AndTheTableOnesDeleteTheirTable()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var before = tables.Query().Select(t => t.Name).ToList();
        var config = LoadRun.Config("", "", "1s",
            ("aes_gcm", 25, new JsonObject { ["payload_size"] = 1024 }),
            ("http_floor", 25, null),
            ("table_read", 25, new JsonObject { ["connection_string"] = azurite.ConnectionString }),
            ("table_upsert", 25, new JsonObject { ["connection_string"] = azurite.ConnectionString, ["payload_size"] = 512 }));
        config["ratios"] = new JsonArray(new JsonObject { ["name"] = "upsert vs read", ["subject"] = "table_upsert", ["baseline"] = "table_read", ["kind"] = "throughput", ["target"] = 0.01 });

        var (report, output) = await LoadRun.RunAsync(config);

        Assert.All(report.Tests, t =>
        {
            Assert.True(t.Count > 0, $"{t.Name} ran no request");
            Assert.True(t.SuccessRatio == 1, $"{t.Name}: {t.FirstError}");
        });
        Assert.Contains("ratio upsert vs read: table_upsert / table_read (throughput)", output, StringComparison.Ordinal);
        Assert.Equal(before, tables.Query().Select(t => t.Name).ToList());
    }
}
