using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Clients;

/// <summary>hvac 0.11.2 (Debian's python3-hvac) against the in-memory dev server, each scenario one script run.</summary>
public sealed class HvacTests(DevVaultFixture dev) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private const string MismatchError = "check-and-set parameter did not match the current version";

    public Task InitializeAsync() => HvacInstaller.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task KvV2_EveryMethod_WorksAgainstSecretMount()
    {
        var folder = Unique("hv2");
        var result = await RunAsync("hvac_kv_v2.py", "secret", folder);

        Assert.Equal(HvacInstaller.Version, result["hvac_version"]!.GetValue<string>());
        Assert.Equal(7, result["configuration"]!["max_versions"]!.GetValue<int>());
        Assert.Equal(1, result["create"]!["version"]!.GetValue<int>());
        Assert.Equal(2, result["update_cas"]!["version"]!.GetValue<int>());
        AssertError(result["stale_cas"], "InvalidRequest", MismatchError);
        AssertError(result["create_cas0_existing"], "InvalidRequest", MismatchError);

        Assert.Equal("""{"user":"u2","password":"p2"}""", result["read_latest"]!["data"]!.ToJsonString());
        Assert.Equal(2, result["read_latest"]!["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal("u1", result["read_v1"]!["data"]!["user"]!.GetValue<string>());
        AssertError(result["read_missing"], "InvalidPath");

        // hvac 0.11 patches by reading, then writing with cas = the version it read.
        Assert.Equal(3, result["patch"]!["version"]!.GetValue<int>());
        Assert.Equal("""{"user":"u2","password":"p3","extra":"e"}""", result["read_patched"]!["data"]!.ToJsonString());

        Assert.Equal(["app", "other", "sub/"], Keys(result["list"]));
        Assert.Equal(3, result["metadata"]!["current_version"]!.GetValue<int>());
        Assert.Equal(["1", "2", "3"], result["metadata"]!["versions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(5, result["metadata_updated"]!["max_versions"]!.GetValue<int>());

        Assert.Equal(204, result["delete_latest_status"]!.GetValue<int>());
        AssertError(result["read_deleted"], "InvalidPath");
        Assert.Equal(204, result["undelete_status"]!.GetValue<int>());
        Assert.Equal(3, result["read_undeleted"]!["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal(204, result["delete_v2_status"]!.GetValue<int>());
        AssertError(result["read_v2_deleted"], "InvalidPath");
        Assert.Equal(204, result["destroy_status"]!.GetValue<int>());
        AssertError(result["read_destroyed"], "InvalidPath");
        var versions = result["metadata_after_destroy"]!["versions"]!;
        Assert.True(versions["1"]!["destroyed"]!.GetValue<bool>());
        Assert.NotEqual("", versions["2"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal("", versions["3"]!["deletion_time"]!.GetValue<string>());

        Assert.Equal(204, result["delete_all_status"]!.GetValue<int>());
        AssertError(result["metadata_after_delete_all"], "InvalidPath");
        Assert.Equal(["other", "sub/"], Keys(result["list_after_delete_all"]));
        AssertError(result["list_missing"], "InvalidPath");
    }

    [Fact]
    public async Task KvV1_EveryMethod_WorksAgainstMountItEnables()
    {
        var mount = Unique("hv1");
        var result = await RunAsync("hvac_kv_v1.py", mount, "app");

        Assert.Equal("kv", result["mount"]!["type"]!.GetValue<string>());
        Assert.Equal("1", result["mount"]!["options"]!["version"]!.GetValue<string>());
        Assert.Equal("hvac v1", result["mount"]!["description"]!.GetValue<string>());
        Assert.Equal(2764800, result["tune"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(204, result["create_status"]!.GetValue<int>());
        Assert.Equal(204, result["update_status"]!.GetValue<int>());
        Assert.Equal("""{"k":"v2"}""", result["read"]!["data"]!.ToJsonString());
        Assert.Equal(2764800, result["read"]!["lease_duration"]!.GetValue<long>());
        Assert.False(result["read"]!["renewable"]!.GetValue<bool>());
        Assert.Equal(["a", "b/"], Keys(result["list"]));
        Assert.Equal(204, result["delete_status"]!.GetValue<int>());
        AssertError(result["read_deleted"], "InvalidPath");

        Assert.Equal("""{"value":"g","ttl":"30m"}""", result["generic_read"]!["data"]!.ToJsonString());
        Assert.Equal(1800, result["generic_read"]!["lease_duration"]!.GetValue<long>());
        Assert.Equal(["b/", "generic"], Keys(result["generic_list"]));
        Assert.Null(result["generic_read_deleted"]);
    }

    [Fact]
    public async Task Sys_AuthenticationAndMounts_AreWhatHvacExpects()
    {
        var result = await RunAsync("hvac_sys.py");

        Assert.True(result["is_authenticated"]!.GetValue<bool>());
        Assert.False(result["bad_token_is_authenticated"]!.GetValue<bool>());
        Assert.True(result["is_initialized"]!.GetValue<bool>());
        Assert.False(result["is_sealed"]!.GetValue<bool>());
        var secret = result["mounts_data"]!["secret/"]!;
        Assert.Equal("kv", secret["type"]!.GetValue<string>());
        Assert.Equal("2", secret["options"]!["version"]!.GetValue<string>());
        Assert.Equal("system", result["mounts_data"]!["sys/"]!["type"]!.GetValue<string>());
        Assert.Equal(secret.ToJsonString(), result["mounts_top_level_secret"]!.ToJsonString());
    }

    [Fact]
    public async Task Wrapping_WriteWithWrapTtlAndUnwrap_WorkAsHvacCallsThem()
    {
        var result = await RunAsync("hvac_wrapping.py");

        Assert.Equal(300, result["wrap_info"]!["ttl"]!.GetValue<int>());
        Assert.Equal("sys/wrapping/wrap", result["wrap_info"]!["creation_path"]!.GetValue<string>());
        Assert.Null(result["wrapped_data"]);
        Assert.Equal("s3cret", result["unwrapped"]!["data"]!["secret"]!.GetValue<string>());
        AssertError(result["second_unwrap"], "InvalidRequest", "wrapping token is not valid or does not exist");

        Assert.Equal(60, result["created_wrap_info"]!["ttl"]!.GetValue<int>());
        var auth = result["token_unwrapped"]!["auth"]!;
        Assert.Equal(auth["accessor"]!.GetValue<string>(), result["created_wrap_info"]!["wrapped_accessor"]!.GetValue<string>());
        Assert.True(result["new_token_is_authenticated"]!.GetValue<bool>());
    }

    private Task<JsonObject> RunAsync(string script, params string[] arguments) =>
        ClientScript.RunAsync(HvacInstaller.Python, script, dev.Host, arguments);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private static string[] Keys(JsonNode? listing) => [.. listing!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static void AssertError(JsonNode? error, string type, string? message = null)
    {
        Assert.NotNull(error);
        Assert.Equal(type, error["type"]!.GetValue<string>());
        if (message is not null)
        {
            Assert.Equal([message], error["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
        }
    }
}
