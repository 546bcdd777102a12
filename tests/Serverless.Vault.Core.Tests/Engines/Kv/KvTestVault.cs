using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

/// <summary>KV helpers over <see cref="TestVault"/>: mounting, KV v2 writes and the 404-with-metadata answer.</summary>
internal static class KvTestVault
{
    /// <summary>An initialised vault with a KV version 1 mount at "kv/".</summary>
    public static async Task<TestVault> WithV1Async()
    {
        var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv", "kv");
        return vault;
    }

    /// <summary>An initialised vault with a KV version 2 mount at "secret/" (enabled as kv with options.version "2").</summary>
    public static async Task<TestVault> WithV2Async()
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject
        {
            ["type"] = "kv",
            ["options"] = new JsonObject { ["version"] = "2" },
        }));
        return vault;
    }

    /// <summary>A flat secret map.</summary>
    public static JsonObject Map(params (string Key, string Value)[] pairs)
    {
        var map = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }

    /// <summary>POST secret/data/:path with {"data": ..., "options": {"cas": ...}}.</summary>
    public static Task<VaultResponse?> PutAsync(this TestVault vault, string path, JsonObject data, long? cas = null)
    {
        var body = new JsonObject { ["data"] = data.DeepClone() };
        if (cas is { } value)
        {
            body["options"] = new JsonObject { ["cas"] = value };
        }

        return vault.WriteAsync("secret/data/" + path, body);
    }

    /// <summary>Writes and asserts the version the write reports.</summary>
    public static async Task PutVersionAsync(this TestVault vault, string path, JsonObject data, long expectedVersion)
    {
        var written = VaultAssert.Ok(await vault.PutAsync(path, data));
        Assert.Equal(expectedVersion, written["version"]!.GetValue<long>());
    }

    /// <summary>GET secret/data/:path?version=N, with the version as the HTTP adapter passes a query: a string.</summary>
    public static Task<VaultResponse?> ReadVersionAsync(this TestVault vault, string path, long version) =>
        vault.SendAsync(Operation.Read, "secret/data/" + path, new JsonObject { ["version"] = version.ToString(global::System.Globalization.CultureInfo.InvariantCulture) }, TestVault.RootToken);

    public static Task<VaultResponse?> PatchAsync(this TestVault vault, string path, JsonObject body) =>
        vault.SendAsync(Operation.Patch, path, body, TestVault.RootToken);

    public static Task<VaultResponse?> ListRecursiveAsync(this TestVault vault, string path) =>
        vault.SendAsync(Operation.List, path, new JsonObject { ["recursive"] = "true" }, TestVault.RootToken);

    /// <summary>POST secret/{delete,undelete,destroy}/:path with {"versions": [...]}.</summary>
    public static Task<VaultResponse?> VersionsAsync(this TestVault vault, string verb, string path, params long[] versions) =>
        vault.WriteAsync($"secret/{verb}/{path}", new JsonObject { ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)v).ToArray()) });

    /// <summary>The data of a live version read, asserting a 200.</summary>
    public static async Task<JsonObject> ReadDataAsync(this TestVault vault, string path, long version = 0)
    {
        var response = version == 0 ? await vault.ReadAsync("secret/data/" + path) : await vault.ReadVersionAsync(path, version);
        return Assert.IsType<JsonObject>(VaultAssert.Ok(response)["data"]);
    }

    /// <summary>
    /// Asserts Vault's answer for a deleted or destroyed version: HTTP 404 with a full envelope (no errors) whose data
    /// is {data: null, metadata: {...}}; returns the metadata.
    /// </summary>
    public static JsonObject AssertDeletedVersion(VaultResponse? response, string dataKey = "data")
    {
        Assert.NotNull(response);
        Assert.Equal(404, response.StatusCode);
        Assert.Null(response.Errors);
        Assert.NotNull(response.Data);
        Assert.True(response.Data.ContainsKey(dataKey), $"expected a \"{dataKey}\" key in {response.Data.ToJsonString()}");
        Assert.Null(response.Data[dataKey]);
        return Assert.IsType<JsonObject>(response.Data["metadata"]);
    }

    /// <summary>Every physical key of a mount, relative to its storage prefix ("logical/&lt;uuid&gt;/").</summary>
    public static async Task<IReadOnlyList<string>> MountKeysAsync(this TestVault vault, string mount)
    {
        var prefix = "logical/" + await vault.MountUuidAsync(mount) + "/";
        return [.. (await vault.PhysicalKeysAsync(prefix)).Select(key => key[prefix.Length..])];
    }

    /// <summary>Tunes a mount's options.version.</summary>
    public static Task<VaultResponse?> TuneVersionAsync(this TestVault vault, string mount, string version) =>
        vault.WriteAsync($"sys/mounts/{mount}/tune", new JsonObject { ["options"] = new JsonObject { ["version"] = version } });
}
