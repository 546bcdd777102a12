using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>Tuning a KV v1 mount that holds secrets to version 2, over HTTP on Table Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvUpgradeTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    [Fact]
    public async Task Tune_V1MountToVersion2_SecretsBecomeVersion1()
    {
        var mount = KvRequests.Unique("upg");
        (await Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "kv" })).Dispose();
        (await Vault.SendAsync(HttpMethod.Put, $"{mount}/app/db", new { password = "p1", user = "u" })).Dispose();
        (await Vault.SendAsync(HttpMethod.Put, $"{mount}/top", new { v = "t" })).Dispose();

        using var tune = await Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}/tune", new { options = new { version = "2" } });
        Assert.Equal(HttpStatusCode.NoContent, tune.StatusCode);

        var ui = await Vault.ReadJsonAsync(HttpMethod.Get, $"sys/internal/ui/mounts/{mount}");
        Assert.Equal("2", ui["data"]!["options"]!["version"]!.GetValue<string>());

        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/data/app/db");
        Assert.Equal("""{"password":"p1","user":"u"}""", read["data"]!["data"]!.ToJsonString());
        Assert.Equal(1, read["data"]!["metadata"]!["version"]!.GetValue<long>());
        var top = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/data/top?version=1");
        Assert.Equal("t", top["data"]!["data"]!["v"]!.GetValue<string>());

        Assert.Equal(["app/", "top"], KvRequests.Keys(await Vault.ReadJsonAsync(KvRequests.List, $"{mount}/metadata/")));
        var metadata = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/metadata/app/db");
        Assert.Equal(1, metadata["data"]!["current_version"]!.GetValue<long>());

        // The old v1 paths are gone: the mount now speaks v2 only.
        using var oldPath = await Vault.SendAsync(HttpMethod.Get, $"{mount}/app/db");
        Assert.Equal(HttpStatusCode.NotFound, oldPath.StatusCode);

        Assert.Equal(2, (await Vault.WriteV2Async(mount, "app/db", new JsonObject { ["password"] = "p2" }, cas: 1))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Tune_V2MountBackToVersion1_Returns400()
    {
        var mount = await Vault.V2MountAsync("kv-v2");
        using var tune = await Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}/tune", new { options = new { version = "1" } });
        await HttpResponseAssert.ErrorAsync(tune, HttpStatusCode.BadRequest);
        var ui = await Vault.ReadJsonAsync(HttpMethod.Get, $"sys/internal/ui/mounts/{mount}");
        Assert.Equal("2", ui["data"]!["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enable_WithUnknownKvVersion_Returns400()
    {
        using var response = await Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{KvRequests.Unique("kv3")}", new { type = "kv", options = new { version = "3" } });
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }
}
