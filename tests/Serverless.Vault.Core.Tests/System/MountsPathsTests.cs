using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.System;

public sealed class MountsPathsTests
{
    [Fact]
    public async Task List_FreshVault_HasOnlyTheBuiltInMounts()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.ReadAsync("sys/mounts");

        var data = VaultAssert.Ok(response);
        Assert.Equal(["cubbyhole/", "sys/"], data.Select(pair => pair.Key));
        Assert.Equal("system", data["sys/"]!["type"]!.GetValue<string>());
        Assert.True(response!.CopyDataToTopLevel);
    }

    [Fact]
    public async Task Enable_Kv_ListedAndReadable()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv", ["description"] = "my secrets" }));

        var listed = VaultAssert.Ok(await vault.ReadAsync("sys/mounts"))["secret/"];
        Assert.NotNull(listed);
        Assert.Equal("kv", listed["type"]!.GetValue<string>());
        Assert.Equal("my secrets", listed["description"]!.GetValue<string>());
        Assert.StartsWith("kv_", listed["accessor"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(listed["options"]);
        var read = VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"));
        Assert.Equal(listed["uuid"]!.GetValue<string>(), read["uuid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enable_TrailingSlashPath_SameMount()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret/", new JsonObject { ["type"] = "kv" }));

        Assert.NotNull(VaultAssert.Ok(await vault.ReadAsync("sys/mounts"))["secret/"]);
        Assert.Equal("kv", VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"))["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enable_KvV2Alias_StoresTypeKvWithVersion2()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv-v2" }));

        var entry = VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"));
        Assert.Equal("kv", entry["type"]!.GetValue<string>());
        Assert.Equal("2", entry["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enable_KvWithVersionOption_KeepsOption()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "1" } }));

        Assert.Equal("1", VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"))["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enable_WithConfig_AppliesDurations()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject
        {
            ["type"] = "kv",
            ["config"] = new JsonObject { ["default_lease_ttl"] = "1h", ["max_lease_ttl"] = 7200 },
        }));

        var config = VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"))["config"]!;
        Assert.Equal(3600, config["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(7200, config["max_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Enable_BadConfigDuration_Returns400NamingField()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.WriteAsync("sys/mounts/secret", new JsonObject
        {
            ["type"] = "kv",
            ["config"] = new JsonObject { ["default_lease_ttl"] = "soon" },
        });

        VaultAssert.ErrorContaining(response, 400, "\"default_lease_ttl\"");
        VaultAssert.Error(await vault.ReadAsync("kv/x"), 404, "no handler for route \"kv/x\". route entry not found.");
    }

    [Fact]
    public async Task Enable_PathInUse_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        VaultAssert.Error(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv" }), 400, "path is already in use at secret/");
    }

    [Fact]
    public async Task Enable_NestedUnderExisting_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        VaultAssert.Error(await vault.WriteAsync("sys/mounts/secret/inner", new JsonObject { ["type"] = "kv" }), 400, "path is already in use at secret/");
    }

    [Fact]
    public async Task Enable_AroundExisting_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("team/secret");

        VaultAssert.Error(await vault.WriteAsync("sys/mounts/team", new JsonObject { ["type"] = "kv" }), 400, "path is already in use at team/secret/");
    }

    [Fact]
    public async Task Enable_SharedPrefixButDifferentSegment_Succeeds()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret2", new JsonObject { ["type"] = "kv" }));
    }

    [Theory]
    [InlineData("sys/foo", "sys/")]
    [InlineData("sys", "sys/")]
    [InlineData("auth/x", "auth/")]
    [InlineData("cubbyhole", "cubbyhole/")]
    [InlineData("identity", "identity/")]
    public async Task Enable_ReservedPath_Returns400(string path, string reserved)
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.WriteAsync("sys/mounts/" + path, new JsonObject { ["type"] = "kv" });

        VaultAssert.ErrorContaining(response, 400, $"\"{reserved}\" is reserved");
    }

    [Fact]
    public async Task Enable_UnknownType_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("sys/mounts/x", new JsonObject { ["type"] = "nope" }), 400, "plugin not found in the catalog: nope");
        Assert.Null(VaultAssert.Ok(await vault.ReadAsync("sys/mounts"))["x/"]);
    }

    [Fact]
    public async Task Enable_MissingType_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("sys/mounts/x", new JsonObject { ["description"] = "d" }), 400, "missing required field \"type\"");
    }

    [Fact]
    public async Task Enable_MountNamedTune_Succeeds()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/tune", new JsonObject { ["type"] = "kv" }));

        Assert.NotNull(VaultAssert.Ok(await vault.ReadAsync("sys/mounts"))["tune/"]);
    }

    [Fact]
    public async Task ReadMount_Sys_DescribesSystemMount()
    {
        using var vault = await TestVault.InitializedAsync();

        Assert.Equal("system", VaultAssert.Ok(await vault.ReadAsync("sys/mounts/sys"))["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadMount_Unknown_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.ReadAsync("sys/mounts/nothing"), 400, "No secret engine mount at nothing/");
    }

    [Fact]
    public async Task Tune_Durations_ReadBackInSecondsAndListedConfigChanges()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject
        {
            ["default_lease_ttl"] = "30m",
            ["max_lease_ttl"] = "1h30m",
            ["description"] = "tuned",
            ["listing_visibility"] = "unauth",
        }));

        var tune = VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret/tune"));
        Assert.Equal(1800, tune["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(5400, tune["max_lease_ttl"]!.GetValue<long>());
        Assert.Equal("tuned", tune["description"]!.GetValue<string>());
        Assert.Equal("unauth", tune["listing_visibility"]!.GetValue<string>());
        var listed = VaultAssert.Ok(await vault.ReadAsync("sys/mounts"))["secret/"]!;
        Assert.Equal(1800, listed["config"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal("tuned", listed["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadTune_Untuned_ReportsSystemDefaults()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        var tune = VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret/tune"));

        Assert.Equal(MountDefaults.LeaseTtlSeconds, tune["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(MountDefaults.LeaseTtlSeconds, tune["max_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Tune_DefaultAboveMax_Returns400AndKeepsConfig()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        var response = await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["default_lease_ttl"] = "2h", ["max_lease_ttl"] = "1h" });

        VaultAssert.Error(response, 400, "default_lease_ttl cannot be greater than max_lease_ttl");
        Assert.Equal(MountDefaults.LeaseTtlSeconds, VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret/tune"))["max_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Tune_BadDuration_Returns400NamingField()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        var response = await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["max_lease_ttl"] = "forever" });

        VaultAssert.Error(response, 400, "error converting input for field \"max_lease_ttl\": expected duration");
    }

    [Fact]
    public async Task Tune_OptionsMergedIntoExisting()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv-v2" }));

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["options"] = new JsonObject { ["extra"] = "x" } }));

        var options = VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret/tune"))["options"]!;
        Assert.Equal("2", options["version"]!.GetValue<string>());
        Assert.Equal("x", options["extra"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tune_UnknownMount_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("sys/mounts/nothing/tune", new JsonObject { ["max_lease_ttl"] = "1h" }), 400, "No secret engine mount at nothing/");
    }

    [Fact]
    public async Task Disable_Mount_RemovedFromListAndRoutingAndStorageDeleted()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");
        VaultAssert.NoContent(await vault.WriteAsync("secret/a", new JsonObject { ["v"] = "1" }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/deep/b", new JsonObject { ["v"] = "2" }));
        var uuid = await vault.MountUuidAsync("secret");
        Assert.Equal(2, (await vault.PhysicalKeysAsync($"logical/{uuid}/")).Count);

        VaultAssert.NoContent(await vault.DeleteAsync("sys/mounts/secret"));

        Assert.Null(VaultAssert.Ok(await vault.ReadAsync("sys/mounts"))["secret/"]);
        VaultAssert.Error(await vault.ReadAsync("secret/a"), 404, "no handler for route \"secret/a\". route entry not found.");
        Assert.Empty(await vault.PhysicalKeysAsync($"logical/{uuid}/"));
    }

    [Fact]
    public async Task Disable_ThenEnableSamePath_StartsEmpty()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");
        VaultAssert.NoContent(await vault.WriteAsync("secret/a", new JsonObject { ["v"] = "1" }));
        VaultAssert.NoContent(await vault.DeleteAsync("sys/mounts/secret"));

        await vault.EnableAsync("secret");

        VaultAssert.Error(await vault.ReadAsync("secret/a"), 404);
    }

    [Fact]
    public async Task Disable_UnknownMount_Returns204()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.DeleteAsync("sys/mounts/nothing"));
    }

    [Fact]
    public async Task Disable_OneMount_LeavesOthersData()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("a");
        await vault.EnableAsync("b");
        VaultAssert.NoContent(await vault.WriteAsync("b/keep", new JsonObject { ["v"] = "1" }));

        VaultAssert.NoContent(await vault.DeleteAsync("sys/mounts/a"));

        Assert.Equal("1", VaultAssert.Ok(await vault.ReadAsync("b/keep"))["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_ViaMount_PhysicalKeysUnderItsOwnUuidOnly()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("a");
        await vault.EnableAsync("b");
        var uuidA = await vault.MountUuidAsync("a");
        var uuidB = await vault.MountUuidAsync("b");

        VaultAssert.NoContent(await vault.WriteAsync("a/shared/name", new JsonObject { ["v"] = "from-a" }));

        Assert.Equal([$"logical/{uuidA}/d/shared/name"], await vault.PhysicalKeysAsync($"logical/{uuidA}/"));
        Assert.Empty(await vault.PhysicalKeysAsync($"logical/{uuidB}/"));
        VaultAssert.Error(await vault.ReadAsync("b/shared/name"), 404);
        VaultAssert.Error(await vault.ListAsync("b/"), 404);
    }

    [Fact]
    public async Task Write_ViaMount_ValueEncryptedAtRest()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("a");
        var uuid = await vault.MountUuidAsync("a");

        VaultAssert.NoContent(await vault.WriteAsync("a/x", new JsonObject { ["password"] = "hunter2-plaintext" }));

        var stored = await vault.Physical.GetAsync($"logical/{uuid}/d/x", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.DoesNotContain("hunter2-plaintext", global::System.Text.Encoding.UTF8.GetString(stored.Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_NestedMounts_LongestPrefixWins()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("team-a");
        await vault.EnableAsync("team");
        VaultAssert.NoContent(await vault.WriteAsync("team-a/x", new JsonObject { ["v"] = "a" }));

        VaultAssert.Error(await vault.ReadAsync("team/x"), 404);
        Assert.Equal("a", VaultAssert.Ok(await vault.ReadAsync("team-a/x"))["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task MountStore_OtherInstanceEnables_SeenOnlyAfterStalenessBudget()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        Assert.Null(VaultAssert.Ok(await second.ReadAsync("sys/mounts"))["late/"]);

        await first.EnableAsync("late");
        VaultAssert.NoContent(await first.WriteAsync("late/x", new JsonObject { ["v"] = "1" }));

        // Within the budget the second instance still serves its cached table.
        second.Time.Advance(MountStore.StalenessBudget - TimeSpan.FromMilliseconds(1));
        Assert.Null(VaultAssert.Ok(await second.ReadAsync("sys/mounts"))["late/"]);
        Assert.Equal(404, (await second.ReadAsync("late/x"))?.StatusCode);

        second.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotNull(VaultAssert.Ok(await second.ReadAsync("sys/mounts"))["late/"]);
        Assert.Equal("1", VaultAssert.Ok(await second.ReadAsync("late/x"))["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task MountStore_TwoInstancesEnableConcurrently_BothMountsKept()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        VaultAssert.Ok(await second.ReadAsync("sys/mounts"));

        await first.EnableAsync("one");
        await second.EnableAsync("two");

        var table = await new MountStore(first.Get<IBarrier>(), first.Time).GetAsync(CancellationToken.None);
        Assert.Equal(["one/", "two/"], table.Select(m => m.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MountStore_OtherInstanceDisables_StopsRoutingAfterBudget()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        await first.EnableAsync("gone");
        Assert.NotNull(VaultAssert.Ok(await second.ReadAsync("sys/mounts"))["gone/"]);

        VaultAssert.NoContent(await first.DeleteAsync("sys/mounts/gone"));
        second.Time.Advance(MountStore.StalenessBudget);

        VaultAssert.Error(await second.ReadAsync("gone/x"), 404, "no handler for route \"gone/x\". route entry not found.");
    }

    [Fact]
    public async Task Tune_SystemKeyword_ResetsToSystemDefault()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["max_lease_ttl"] = "1h" }));

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["max_lease_ttl"] = "system" }));

        Assert.Equal(MountDefaults.LeaseTtlSeconds, VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret/tune"))["max_lease_ttl"]!.GetValue<long>());
        Assert.Equal(0, VaultAssert.Ok(await vault.ReadAsync("sys/mounts/secret"))["config"]!["max_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Tune_NegativeDuration_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        VaultAssert.Error(await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["default_lease_ttl"] = -5 }), 400, "default_lease_ttl cannot be negative");
    }

    [Fact]
    public async Task Tune_BadListingVisibility_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret");

        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["listing_visibility"] = "public" }), 400, "invalid listing_visibility public");
    }

    [Fact]
    public async Task Tune_SeenByOtherInstanceAfterBudget()
    {
        using var first = await TestVault.InitializedAsync();
        await first.EnableAsync("secret");
        using var second = first.SecondInstance();
        Assert.Equal(MountDefaults.LeaseTtlSeconds, VaultAssert.Ok(await second.ReadAsync("sys/mounts/secret/tune"))["max_lease_ttl"]!.GetValue<long>());

        VaultAssert.NoContent(await first.WriteAsync("sys/mounts/secret/tune", new JsonObject { ["max_lease_ttl"] = "1h" }));
        second.Time.Advance(MountStore.StalenessBudget);

        Assert.Equal(3600, VaultAssert.Ok(await second.ReadAsync("sys/mounts/secret/tune"))["max_lease_ttl"]!.GetValue<long>());
    }
}
