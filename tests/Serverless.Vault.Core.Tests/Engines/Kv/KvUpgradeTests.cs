using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvUpgradeTests
{
    [Fact]
    public async Task Tune_V1ToV2_SecretsServedAsVersion1AndV1RowsGone()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv" }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/app", new JsonObject { ["user"] = "admin", ["n"] = 5 }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/team/db", KvTestVault.Map(("password", "hunter2"))));
        Assert.Contains("d/app", await vault.MountKeysAsync("secret"));

        VaultAssert.NoContent(await vault.TuneVersionAsync("secret", "2"));

        var app = VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
        Assert.Equal("""{"user":"admin","n":5}""", app["data"]!.ToJsonString());
        Assert.Equal(1, app["metadata"]!["version"]!.GetValue<long>());
        Assert.Equal("hunter2", (await vault.ReadDataAsync("team/db"))["password"]!.GetValue<string>());
        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/team/db"));
        Assert.Equal(1, metadata["current_version"]!.GetValue<long>());
        Assert.Equal(1, metadata["oldest_version"]!.GetValue<long>());
        Assert.DoesNotContain(await vault.MountKeysAsync("secret"), key => key.StartsWith("d/", StringComparison.Ordinal));
        Assert.Equal("2", VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"))["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tune_V1ToV2_ListAndNewWritesWork()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv" }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/app", KvTestVault.Map(("k", "one"))));
        VaultAssert.NoContent(await vault.WriteAsync("secret/team/db", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.TuneVersionAsync("secret", "2"));

        var listed = VaultAssert.Ok(await vault.ListAsync("secret/metadata/"));
        var written = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "two")), cas: 1));

        Assert.Equal(["app", "team/"], KvV1BackendTests.Keys(listed));
        Assert.Equal(2, written["version"]!.GetValue<long>());
        Assert.Equal("one", (await vault.ReadDataAsync("app", 1))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tune_V1ToV2_UpgradeVisibleFromSecondInstance()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv" }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/app", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.TuneVersionAsync("secret", "2"));
        using var other = vault.SecondInstance();

        Assert.Equal("v", (await other.ReadDataAsync("app"))["k"]!.GetValue<string>());
        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tune_V2ToV1_Refused()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        var response = await vault.TuneVersionAsync("secret", "1");

        Assert.Equal(400, response!.StatusCode);
        Assert.Equal("2", VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"))["options"]!["version"]!.GetValue<string>());
        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tune_KvV2AliasToV1_Refused()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret", "kv-v2");

        Assert.Equal(400, (await vault.TuneVersionAsync("secret", "1"))!.StatusCode);
    }

    [Fact]
    public async Task Tune_V2ToV2_Accepted()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.TuneVersionAsync("secret", "2"));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("two")]
    public async Task Enable_UnknownVersion_Returns400(string version)
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.WriteAsync("sys/mounts/secret", new JsonObject
        {
            ["type"] = "kv",
            ["options"] = new JsonObject { ["version"] = version },
        });

        Assert.Equal(400, response!.StatusCode);
    }

    [Fact]
    public async Task Enable_KvV2Alias_ServesVersionedPaths()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret", "kv-v2");

        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
        Assert.Equal("0s", VaultAssert.Ok(await vault.ReadAsync("secret/config"))["delete_version_after"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enable_V2_PhysicalRowsUnderMountOnly()
    {
        using var vault = await KvTestVault.WithV2Async();

        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        var uuid = await vault.MountUuidAsync("secret");
        var all = await vault.PhysicalKeysAsync("logical/");
        Assert.All(all, key => Assert.StartsWith("logical/" + uuid + "/", key, StringComparison.Ordinal));
        Assert.Contains("m/app", await vault.MountKeysAsync("secret"));
    }

    [Fact]
    public async Task Tune_V1ToV2_SecretNearStorageLimit_MountStillServes()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv" }));

        // The largest v1 secret the barrier accepts: its v2 metadata row adds the record's fields around it.
        var size = Serverless.Vault.Core.Barrier.BarrierValueFormat.MaxPlaintextBytes - """{"blob":""}""".Length;
        VaultAssert.NoContent(await vault.WriteAsync("secret/big", new JsonObject { ["blob"] = new string('x', size) }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/small", KvTestVault.Map(("k", "v"))));

        VaultAssert.NoContent(await vault.TuneVersionAsync("secret", "2"));

        Assert.Equal("v", (await vault.ReadDataAsync("small"))["k"]!.GetValue<string>());
    }
    [Fact]
    public async Task Tune_V1ToV2_LateV1WriteFromStaleInstanceNotLost()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv" }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/app", KvTestVault.Map(("k", "v"))));
        using var stale = vault.SecondInstance();
        VaultAssert.Ok(await stale.ReadAsync("secret/app"));
        VaultAssert.NoContent(await vault.TuneVersionAsync("secret", "2"));
        VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));

        // The other instance still has the v1 mount entry cached (within the mount table's staleness budget).
        var late = await stale.WriteAsync("secret/late", KvTestVault.Map(("k", "late")));
        vault.Time.Advance(TimeSpan.FromSeconds(10));
        stale.Time.Advance(TimeSpan.FromSeconds(10));

        // Either the write is refused, or it is not silently lost: a 204 must be readable once both see version 2.
        if (late is null)
        {
            Assert.Equal("late", (await vault.ReadDataAsync("late"))["k"]!.GetValue<string>());
            Assert.Equal("late", (await stale.ReadDataAsync("late"))["k"]!.GetValue<string>());
        }
        else
        {
            Assert.NotNull(late.StatusCode);
        }
    }
}
