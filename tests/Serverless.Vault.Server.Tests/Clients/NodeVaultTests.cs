using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Clients;

/// <summary>node-vault 0.12.0 (npm) against the in-memory dev server: generic calls on KV v2 and v1, and health().</summary>
public sealed class NodeVaultTests(DevVaultFixture dev) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task KvAndHealth_GenericCalls_WorkOnV2AndV1Mounts()
    {
        var modules = await NodeVaultInstaller.EnsureInstalledAsync();
        var v1Mount = $"nv1-{Guid.NewGuid():N}"[..12];
        using (var mount = await dev.Host.SendAsync(HttpMethod.Post, $"sys/mounts/{v1Mount}", new { type = "kv" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, mount.StatusCode);
        }

        var folder = $"nv-{Guid.NewGuid():N}"[..11];
        var result = await ClientScript.RunAsync(
            "node", "node_vault_kv.js", dev.Host, [v1Mount, folder], new Dictionary<string, string> { ["NODE_PATH"] = modules });

        Assert.Equal(NodeVaultInstaller.Version, result["version"]!.GetValue<string>());
        Assert.True(result["health"]!["initialized"]!.GetValue<bool>());
        Assert.False(result["health"]!["sealed"]!.GetValue<bool>());

        Assert.Equal(1, result["write1"]!["data"]!["version"]!.GetValue<int>());
        Assert.Equal(2, result["write2"]!["data"]!["version"]!.GetValue<int>());
        Assert.Equal("check-and-set parameter did not match the current version", result["staleCas"]!["message"]!.GetValue<string>());
        Assert.Equal("""{"user":"u2","password":"p2"}""", result["readLatest"]!["data"]!["data"]!.ToJsonString());
        Assert.Equal("u1", result["readVersion1"]!["data"]!["data"]!["user"]!.GetValue<string>());
        Assert.Equal(404, result["readMissing"]!["status"]!.GetValue<int>());
        Assert.Equal(3, result["update"]!["data"]!["version"]!.GetValue<int>());
        Assert.Equal("""{"user":"u2","password":"p2","extra":"e"}""", result["readUpdated"]!["data"]!["data"]!.ToJsonString());

        Assert.Equal(["app", "other", "sub/"], Keys(result["listMetadata"]));
        Assert.Equal(404, result["listMissing"]!["status"]!.GetValue<int>());
        Assert.Equal(4, result["readMetadata"]!["data"]!["max_versions"]!.GetValue<int>());
        Assert.Equal("node", result["readMetadata"]!["data"]!["custom_metadata"]!["owner"]!.GetValue<string>());
        Assert.Equal(3, result["readMetadata"]!["data"]!["current_version"]!.GetValue<int>());
        Assert.Equal(404, result["readDeleted"]!["status"]!.GetValue<int>());
        Assert.Equal(["other", "sub/"], Keys(result["listAfterDelete"]));

        Assert.Equal("""{"k":"v","ttl":"10m"}""", result["v1Read"]!["data"]!.ToJsonString());
        Assert.Equal(600, result["v1Read"]!["lease_duration"]!.GetValue<int>());
        Assert.Equal(["a", "b/"], Keys(result["v1List"]));
        Assert.Equal(404, result["v1ReadDeleted"]!["status"]!.GetValue<int>());
        Assert.Contains("check-and-set", result["v1Cas"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string[] Keys(JsonNode? listing) =>
        [.. listing!["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
