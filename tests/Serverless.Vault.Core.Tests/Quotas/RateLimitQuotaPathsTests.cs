using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Quotas;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Quotas.QuotaClient;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>sys/quotas/rate-limit and sys/quotas/config as clients call them, with Vault's fields and messages.</summary>
public sealed class RateLimitQuotaPathsTests : IAsyncLifetime
{
    private TestVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await TestVault.InitializedAsync();
        await _vault.EnableAsync("kv");
        VaultAssert.NoContent(await _vault.WriteAsync("sys/auth/approle", new JsonObject { ["type"] = "approle" }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/auth/userpass", new JsonObject { ["type"] = "userpass" }));
    }

    public Task DisposeAsync()
    {
        _vault.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Write_Read_List_Delete()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/app", new JsonObject { ["path"] = "/kv/data/app/", ["rate"] = 12.5, ["interval"] = "1m", ["block_interval"] = 90 }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/global", new JsonObject { ["rate"] = "100" }));

        var app = VaultAssert.Ok(await _vault.ReadAsync("sys/quotas/rate-limit/app"));
        Assert.Equal(
            """{"type":"rate-limit","name":"app","path":"kv/data/app","role":"","rate":12.5,"interval":60,"block_interval":90,"inheritable":false}""",
            app.ToJsonString());
        var global = VaultAssert.Ok(await _vault.ReadAsync("sys/quotas/rate-limit/global"));
        Assert.Equal(("", 1L, true), (global["path"]!.GetValue<string>(), global["interval"]!.GetValue<long>(), global["inheritable"]!.GetValue<bool>()));
        Assert.Equal("""["app","global"]""", VaultAssert.Ok(await _vault.ListAsync("sys/quotas/rate-limit"))["keys"]!.ToJsonString());

        VaultAssert.NoContent(await _vault.DeleteAsync("sys/quotas/rate-limit/app"));
        VaultAssert.NoContent(await _vault.DeleteAsync("sys/quotas/rate-limit/app"));
        Assert.Equal(404, (await _vault.ReadAsync("sys/quotas/rate-limit/app"))?.StatusCode);
        Assert.Equal("""["global"]""", VaultAssert.Ok(await _vault.ListAsync("sys/quotas/rate-limit"))["keys"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"rate":0}""", "'rate' is invalid")]
    [InlineData("""{"path":"kv/"}""", "'rate' is invalid")]
    [InlineData("""{"rate":-1}""", "'rate' is invalid")]
    [InlineData("""{"rate":1,"block_interval":-5}""", "'block' is invalid")]
    [InlineData("""{"rate":"many"}""", "error converting input for field \"rate\": expected float")]
    [InlineData("""{"rate":1,"path":"nope/"}""", "invalid mount path \"nope/\"")]
    [InlineData("""{"rate":1,"path":"kv/","role":"web"}""", "Mount path \"kv/\" is not a valid auth method and therefore unsuitable for use with role-based quotas")]
    [InlineData("""{"rate":1,"role":"web"}""", "Mount path \"\" is not a valid auth method and therefore unsuitable for use with role-based quotas")]
    [InlineData("""{"rate":1,"path":"auth/userpass/","role":"web"}""", "Mount path \"auth/userpass/\" does not support use with role-based quotas")]
    [InlineData("""{"rate":1,"path":"auth/approle/login","role":"web"}""", "Quotas cannot contain both a path suffix and a role. If a role is provided, path must be a valid auth mount with a concept of roles")]
    public async Task Write_BadInput_Is400_AndWritesNothing(string body, string message)
    {
        VaultAssert.Error(await _vault.WriteAsync("sys/quotas/rate-limit/bad", JsonNode.Parse(body)!.AsObject()), 400, message);

        Assert.Equal(404, (await _vault.ListAsync("sys/quotas/rate-limit"))?.StatusCode);
    }

    [Fact]
    public async Task Write_SameTargetUnderAnotherName_Is400()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/first", new JsonObject { ["path"] = "kv", ["rate"] = 1 }));

        VaultAssert.Error(await _vault.WriteAsync("sys/quotas/rate-limit/second", new JsonObject { ["path"] = "kv/", ["rate"] = 2 }), 400, "quota rule with similar properties exists under the name \"first\"");
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/first", new JsonObject { ["path"] = "kv/", ["rate"] = 3 }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/role", new JsonObject { ["path"] = "auth/approle", ["role"] = "web", ["rate"] = 3 }));
    }

    [Fact]
    public async Task DisablingAMount_DropsItsQuotas_AndKeepsEveryOther()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/kv-mount", new JsonObject { ["path"] = "kv/", ["rate"] = 1 }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/kv-path", new JsonObject { ["path"] = "kv/data/app", ["rate"] = 2 }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/approle-role", new JsonObject { ["path"] = "auth/approle/", ["role"] = "web", ["rate"] = 3 }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/userpass", new JsonObject { ["path"] = "auth/userpass/", ["rate"] = 4 }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/global", new JsonObject { ["rate"] = 100 }));

        VaultAssert.NoContent(await _vault.DeleteAsync("sys/mounts/kv"));
        VaultAssert.NoContent(await _vault.DeleteAsync("sys/auth/approle"));

        Assert.Equal("""["global","userpass"]""", VaultAssert.Ok(await _vault.ListAsync("sys/quotas/rate-limit"))["keys"]!.ToJsonString());
        Assert.Equal(404, (await _vault.ReadAsync("sys/quotas/rate-limit/kv-mount"))?.StatusCode);

        // A mount enabled again at the same path starts without quotas: a client is not limited, and the old rule's
        // target is free for a new name.
        await _vault.EnableAsync("kv");
        for (var i = 0; i < 3; i++)
        {
            AssertNotLimited(await ReadAsync(_vault, "198.51.100.7", "kv/anything"));
        }

        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/rate-limit/kv-again", new JsonObject { ["path"] = "kv/", ["rate"] = 5 }));
    }

    [Fact]
    public async Task Config_HasVaultsDefaults_AndAWriteSetsEveryField()
    {
        var defaults = VaultAssert.Ok(await _vault.ReadAsync("sys/quotas/config"));
        Assert.False(defaults["enable_rate_limit_response_headers"]!.GetValue<bool>());
        Assert.False(defaults["enable_rate_limit_audit_logging"]!.GetValue<bool>());
        Assert.Contains("sys/health", defaults["rate_limit_exempt_paths"]!.AsArray().Select(p => p!.GetValue<string>()));

        VaultAssert.NoContent(await _vault.WriteAsync("sys/quotas/config", new JsonObject { ["enable_rate_limit_audit_logging"] = true, ["rate_limit_exempt_paths"] = "sys/mounts,kv/*" }));

        Assert.Equal(
            """{"enable_rate_limit_audit_logging":true,"enable_rate_limit_response_headers":false,"rate_limit_exempt_paths":["sys/mounts","kv/*"]}""",
            VaultAssert.Ok(await _vault.ReadAsync("sys/quotas/config")).ToJsonString());
    }

    [Fact]
    public async Task Quotas_AreStoredBehindTheBarrier_AndReachOtherInstancesWithinTheStalenessBound()
    {
        using var second = _vault.SecondInstance();
        await SendAsync(second, "10.0.0.1", Operation.Read, "kv/warm");

        await CreateAsync(_vault, "kv", new JsonObject { ["path"] = "kv/", ["rate"] = 1, ["interval"] = "1h" });
        var raw = await _vault.Physical.GetAsync(QuotaStore.TableKey, CancellationToken.None);
        Assert.DoesNotContain("rate", Encoding.UTF8.GetString(raw!.Value), StringComparison.Ordinal);

        // The other instance still runs on the set it read: the quota arrives once its cache bound has passed.
        AssertNotLimited(await ReadAsync(second, "10.0.0.1", "kv/a"));
        AssertNotLimited(await ReadAsync(second, "10.0.0.1", "kv/a"));
        second.Time.Advance(TimeSpan.FromSeconds(5));
        AssertNotLimited(await ReadAsync(second, "10.0.0.1", "kv/a"));
        AssertLimited(await ReadAsync(second, "10.0.0.1", "kv/a"), "kv/a");
    }
}
