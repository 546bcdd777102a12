using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Sys;

/// <summary>sys/mounts and its tune path, and sys/internal/ui/mounts, as clients call them.</summary>
public sealed class MountsTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync() => _vault = await VaultHost.StartDevAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Enable_ThenList_ShowsMountInDataAndAtTopLevel()
    {
        using var enable = await _vault.SendAsync(HttpMethod.Post, "sys/mounts/team/apps", new
        {
            type = "kv",
            description = "team secrets",
            config = new { default_lease_ttl = "1h", max_lease_ttl = 7200 },
            options = new { version = "1" },
        });
        Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);

        var list = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts");
        var mount = list["data"]!["team/apps/"]!;
        Assert.Equal("kv", mount["type"]!.GetValue<string>());
        Assert.Equal("team secrets", mount["description"]!.GetValue<string>());
        Assert.Equal(3600, mount["config"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(7200, mount["config"]!["max_lease_ttl"]!.GetValue<long>());
        Assert.Equal("1", mount["options"]!["version"]!.GetValue<string>());
        Assert.StartsWith("kv_", mount["accessor"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(mount["uuid"]!.GetValue<string>(), out _));
        Assert.Equal(mount.ToJsonString(), list["team/apps/"]!.ToJsonString());
        Assert.Equal("system", list["data"]!["sys/"]!["type"]!.GetValue<string>());

        var single = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts/team/apps");
        Assert.Equal("team secrets", single["data"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enable_KvV2Alias_StoresTypeKvWithVersion2()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/v2", new { type = "kv-v2" })).Dispose();
        var list = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts");
        Assert.Equal("kv", list["data"]!["v2/"]!["type"]!.GetValue<string>());
        Assert.Equal("2", list["data"]!["v2/"]!["options"]!["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dup", "dup")]
    [InlineData("outer", "outer/inner")]
    [InlineData("a/b", "a")]
    public async Task Enable_PathInUseOrNested_Returns400(string first, string second)
    {
        (await _vault.SendAsync(HttpMethod.Post, $"sys/mounts/{first}", new { type = "kv" })).Dispose();
        using var response = await _vault.SendAsync(HttpMethod.Post, $"sys/mounts/{second}", new { type = "kv" });
        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal($"path is already in use at {first}/", error);
    }

    [Theory]
    [InlineData("sys/sub")]
    [InlineData("auth/x")]
    [InlineData("cubbyhole")]
    public async Task Enable_ReservedPath_Returns400(string path)
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, $"sys/mounts/{path}", new { type = "kv" });
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Enable_UnknownOrMissingType_Returns400AndWritesNothing()
    {
        using var unknown = await _vault.SendAsync(HttpMethod.Post, "sys/mounts/x", new { type = "nosuch" });
        Assert.Equal(["plugin not found in the catalog: nosuch"], await HttpResponseAssert.ErrorAsync(unknown, HttpStatusCode.BadRequest));
        using var missing = await _vault.SendAsync(HttpMethod.Post, "sys/mounts/x", new { description = "d" });
        await HttpResponseAssert.ErrorAsync(missing, HttpStatusCode.BadRequest);
        var list = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts");
        Assert.Null(list["data"]!["x/"]);
    }

    [Fact]
    public async Task Disable_RemovesMountAndItsData()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/gone", new { type = "kv" })).Dispose();
        (await _vault.SendAsync(HttpMethod.Put, "gone/secret", new { v = "1" })).Dispose();

        using var disable = await _vault.SendAsync(HttpMethod.Delete, "sys/mounts/gone");
        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        using var read = await _vault.SendAsync(HttpMethod.Get, "gone/secret");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);

        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/gone", new { type = "kv" })).Dispose();
        using var again = await _vault.SendAsync(HttpMethod.Get, "gone/secret");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Disable_UnknownMount_Succeeds()
    {
        using var response = await _vault.SendAsync(HttpMethod.Delete, "sys/mounts/never-there");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Mounts_DoNotShareStorage()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/one", new { type = "kv" })).Dispose();
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/two", new { type = "kv" })).Dispose();
        (await _vault.SendAsync(HttpMethod.Put, "one/shared-name", new { owner = "one" })).Dispose();

        using var read = await _vault.SendAsync(HttpMethod.Get, "two/shared-name");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Tune_ReadAndWrite_UsesIntegerSecondsAndSystemDefaults()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/tuned", new { type = "kv" })).Dispose();
        var initial = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts/tuned/tune");
        Assert.Equal(2764800, initial["data"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(2764800, initial["max_lease_ttl"]!.GetValue<long>());

        using var tune = await _vault.SendAsync(HttpMethod.Post, "sys/mounts/tuned/tune", new
        {
            default_lease_ttl = "30m",
            max_lease_ttl = "2h",
            description = "tuned",
            listing_visibility = "unauth",
        });
        Assert.Equal(HttpStatusCode.NoContent, tune.StatusCode);

        var tuned = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts/tuned/tune");
        Assert.Equal(1800, tuned["data"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(7200, tuned["data"]!["max_lease_ttl"]!.GetValue<long>());
        Assert.Equal("tuned", tuned["data"]!["description"]!.GetValue<string>());
        Assert.Equal("unauth", tuned["data"]!["listing_visibility"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tune_DefaultAboveMax_Returns400()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/badtune", new { type = "kv" })).Dispose();
        using var response = await _vault.SendAsync(HttpMethod.Post, "sys/mounts/badtune/tune", new { default_lease_ttl = "3h", max_lease_ttl = "1h" });
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Tune_UnknownMount_Returns400()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/mounts/nosuch/tune");
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task InternalUiMount_ForPathInsideMount_ReturnsMountWithPathAndVersion()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/secretv2", new { type = "kv-v2" })).Dispose();
        var body = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/internal/ui/mounts/secretv2/app/config");
        Assert.Equal("secretv2/", body["data"]!["path"]!.GetValue<string>());
        Assert.Equal("2", body["data"]!["options"]!["version"]!.GetValue<string>());
        Assert.Equal("kv", body["data"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task InternalUiMount_NoSuchMount_Returns403()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/internal/ui/mounts/nosuch/app");
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task InternalUiMounts_WithoutToken_ListsOnlyUnauthVisibleMounts()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/public", new { type = "kv", config = new { listing_visibility = "unauth" } })).Dispose();
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/private", new { type = "kv" })).Dispose();

        var anonymous = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/internal/ui/mounts", token: "");
        var visible = anonymous["data"]!["secret"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("public/", visible);
        Assert.DoesNotContain("private/", visible);
        Assert.DoesNotContain("sys/", visible);

        var authed = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/internal/ui/mounts");
        var all = authed["data"]!["secret"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Contains("private/", all);
        Assert.Contains("public/", all);
        Assert.IsType<JsonObject>(authed["data"]!["auth"]);
    }
}
