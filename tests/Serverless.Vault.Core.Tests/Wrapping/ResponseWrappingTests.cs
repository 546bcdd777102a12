using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tests.Tokens;

namespace Serverless.Vault.Core.Tests.Wrapping;

public sealed class ResponseWrappingTests
{
    private const string Invalid = "wrapping token is not valid or does not exist";

    [Fact]
    public async Task WrappedKvRead_AnswersWrapInfoOnly_AndUnwrapsToTheOriginalResponse()
    {
        using var vault = await KvVaultAsync();

        var wrapInfo = WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", WrappingKit.FiveMinutes));

        Assert.StartsWith("hvs.", WrappingKit.Token(wrapInfo), StringComparison.Ordinal);
        Assert.Equal(24, wrapInfo["accessor"]!.GetValue<string>().Length);
        Assert.Equal(300, wrapInfo["ttl"]!.GetValue<long>());
        Assert.Equal("kv/app", wrapInfo["creation_path"]!.GetValue<string>());
        Assert.Equal("2026-11-28T12:00:00Z", wrapInfo["creation_time"]!.GetValue<string>());
        Assert.False(wrapInfo.ContainsKey("wrapped_accessor"));

        var original = WrappingKit.Unwrapped(await vault.UnwrapAsync(WrappingKit.Token(wrapInfo)));
        Assert.Equal("s3cret", original["data"]!["password"]!.GetValue<string>());
        Assert.True(Guid.TryParse(original["request_id"]!.GetValue<string>(), out _));
        Assert.Equal(MountDefaults.LeaseTtlSeconds, original["lease_duration"]!.GetValue<long>());
        Assert.Equal("kv", original["mount_type"]!.GetValue<string>());
        Assert.Null(original["auth"]);
        Assert.Null(original["wrap_info"]);
    }

    [Fact]
    public async Task Unwrap_IsSingleUse_AndEmptiesTheCubbyhole()
    {
        using var vault = await KvVaultAsync();
        var token = WrappingKit.Token(WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", WrappingKit.FiveMinutes)));
        Assert.Equal(2, (await vault.PhysicalKeysAsync(SystemMount.Cubbyhole.StoragePrefix)).Count);
        Assert.Equal(1, await LeaseCountAsync(vault));

        WrappingKit.Unwrapped(await vault.UnwrapAsync(token));

        Assert.Equal(0, await LeaseCountAsync(vault));

        VaultAssert.Error(await vault.UnwrapAsync(token), 400, Invalid);
        VaultAssert.Error(await vault.WriteAsync("sys/wrapping/lookup", new JsonObject { ["token"] = token }, token: null), 400, Invalid);
        Assert.Empty(await vault.PhysicalKeysAsync(SystemMount.Cubbyhole.StoragePrefix));
    }

    [Fact]
    public async Task Unwrap_WithTheWrappingTokenAsTheRequestToken_Works_Once()
    {
        using var vault = await KvVaultAsync();
        var token = WrappingKit.Token(WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", WrappingKit.FiveMinutes)));

        var original = WrappingKit.Unwrapped(await vault.WriteAsync("sys/wrapping/unwrap", [], token));

        Assert.Equal("s3cret", original["data"]!["password"]!.GetValue<string>());
        VaultAssert.Error(await vault.WriteAsync("sys/wrapping/unwrap", [], token), 400, Invalid);
    }

    [Fact]
    public async Task WrappedTokenCreate_ReportsTheWrappedAccessor_AndTheUnwrappedTokenWorks()
    {
        using var vault = await TestVault.InitializedAsync();

        var wrapInfo = WrappingKit.WrapInfo(await vault.SendWrappedAsync(
            Operation.Update, "auth/token/create", WrappingKit.FiveMinutes, new JsonObject { ["policies"] = "default" }));
        var auth = WrappingKit.Unwrapped(await vault.UnwrapAsync(WrappingKit.Token(wrapInfo)))["auth"]!.AsObject();

        Assert.Equal(auth["accessor"]!.GetValue<string>(), wrapInfo["wrapped_accessor"]!.GetValue<string>());
        var self = VaultAssert.Ok(await vault.LookupSelfAsync(auth["client_token"]!.GetValue<string>()));
        Assert.Equal("""["default"]""", self["policies"]!.ToJsonString());
    }

    [Fact]
    public async Task Lookup_IsUnauthenticated_ReportsCreationFields_AndDoesNotUseTheToken()
    {
        using var vault = await KvVaultAsync();
        var wrapInfo = WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", TimeSpan.FromSeconds(90)));
        vault.Time.Advance(TimeSpan.FromSeconds(1.5));

        var lookup = VaultAssert.Ok(await vault.WriteAsync("sys/wrapping/lookup", new JsonObject { ["token"] = WrappingKit.Token(wrapInfo) }, token: null));

        Assert.Equal("kv/app", lookup["creation_path"]!.GetValue<string>());
        Assert.Equal(90, lookup["creation_ttl"]!.GetValue<long>());
        Assert.Equal(wrapInfo["creation_time"]!.GetValue<string>(), lookup["creation_time"]!.GetValue<string>());
        WrappingKit.Unwrapped(await vault.UnwrapAsync(WrappingKit.Token(wrapInfo)));
        VaultAssert.Error(await vault.WriteAsync("sys/wrapping/lookup", new JsonObject { ["token"] = "hvs.nope" }, token: null), 400, Invalid);
    }

    [Fact]
    public async Task Rewrap_GivesANewTokenWithTheSameDataPathAndTtl_AndInvalidatesTheOld()
    {
        using var vault = await KvVaultAsync();
        var old = WrappingKit.Token(WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", TimeSpan.FromMinutes(2))));
        vault.Time.Advance(TimeSpan.FromSeconds(30.25));

        var rewrapped = WrappingKit.WrapInfo(await vault.WriteAsync("sys/wrapping/rewrap", new JsonObject { ["token"] = old }));

        Assert.NotEqual(old, WrappingKit.Token(rewrapped));
        Assert.Equal(120, rewrapped["ttl"]!.GetValue<long>());
        Assert.Equal("kv/app", rewrapped["creation_path"]!.GetValue<string>());
        Assert.Equal("2026-11-28T12:00:30.25Z", rewrapped["creation_time"]!.GetValue<string>());
        VaultAssert.Error(await vault.UnwrapAsync(old), 400, Invalid);
        Assert.Equal("s3cret", WrappingKit.Unwrapped(await vault.UnwrapAsync(WrappingKit.Token(rewrapped)))["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task SysWrappingWrap_RequiresAWrapTtl_AndWrapsTheBody()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("sys/wrapping/wrap", new JsonObject { ["a"] = 1 }), 400, "endpoint requires response wrapping to be used");
        var wrapInfo = WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Update, "sys/wrapping/wrap", WrappingKit.FiveMinutes, new JsonObject { ["a"] = 1, ["b"] = "two" }));

        Assert.Equal("sys/wrapping/wrap", wrapInfo["creation_path"]!.GetValue<string>());
        Assert.Equal("""{"a":1,"b":"two"}""", WrappingKit.Unwrapped(await vault.UnwrapAsync(WrappingKit.Token(wrapInfo)))["data"]!.ToJsonString());
    }

    [Fact]
    public async Task ExpiredWrappingToken_IsRevokedByTheSweeper_AndItsDataDeleted()
    {
        using var vault = await KvVaultAsync();
        var token = WrappingKit.Token(WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", TimeSpan.FromMinutes(1))));

        vault.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await vault.Get<LeaseSweeper>().SweepAsync(CancellationToken.None));
        Assert.Equal(2, (await vault.PhysicalKeysAsync(SystemMount.Cubbyhole.StoragePrefix)).Count);

        vault.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await vault.Get<LeaseSweeper>().SweepAsync(CancellationToken.None));

        Assert.Empty(await vault.PhysicalKeysAsync(SystemMount.Cubbyhole.StoragePrefix));
        VaultAssert.Error(await vault.UnwrapAsync(token), 400, Invalid);
    }

    [Fact]
    public async Task ThirdPartyUnwrap_NeedsAValidCallerAllowedToUnwrap()
    {
        using var vault = await KvVaultAsync();
        var token = WrappingKit.Token(WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", WrappingKit.FiveMinutes)));
        var (noDefault, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "nothing", ["no_default_policy"] = true });

        VaultAssert.Error(await vault.UnwrapAsync(token, caller: null), 403, "permission denied");
        VaultAssert.Error(await vault.UnwrapAsync(token, caller: noDefault), 403, "permission denied");

        var (user, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });
        Assert.Equal("s3cret", WrappingKit.Unwrapped(await vault.UnwrapAsync(token, caller: user))["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOrdinaryToken_IsNotAWrappingToken()
    {
        using var vault = await TestVault.InitializedAsync();
        var (user, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });

        VaultAssert.Error(await vault.UnwrapAsync(user), 400, Invalid);
        VaultAssert.Error(await vault.WriteAsync("sys/wrapping/unwrap", [], user), 400, Invalid);
        VaultAssert.Ok(await vault.LookupSelfAsync(user));
    }

    [Fact]
    public async Task PolicyWrappingTtlBounds_AreEnforced()
    {
        using var vault = await KvVaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/policy/bounded", new JsonObject
        {
            ["policy"] = """path "kv/*" { capabilities = ["read"] min_wrapping_ttl = "1m" max_wrapping_ttl = "10m" }""",
        }));
        var (user, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "bounded" });

        VaultAssert.Error(await vault.ReadAsync("kv/app", user), 403, "permission denied");
        VaultAssert.Error(await vault.SendWrappedAsync(Operation.Read, "kv/app", TimeSpan.FromSeconds(30), token: user), 403, "permission denied");
        VaultAssert.Error(await vault.SendWrappedAsync(Operation.Read, "kv/app", TimeSpan.FromMinutes(11), token: user), 403, "permission denied");
        WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", WrappingKit.FiveMinutes, token: user));
    }

    [Fact]
    public async Task ResponseWrappingPolicy_CannotBeOverwritten()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(
            await vault.WriteAsync("sys/policy/response-wrapping", new JsonObject { ["policy"] = """path "*" { capabilities = ["read"] }""" }),
            400,
            "cannot update the response-wrapping policy");
    }

    [Fact]
    public async Task ConcurrentUnwraps_OnTwoInstances_ExactlyOneSucceeds()
    {
        using var vault = await KvVaultAsync();
        using var other = vault.SecondInstance();
        for (var round = 0; round < 5; round++)
        {
            var token = WrappingKit.Token(WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Read, "kv/app", WrappingKit.FiveMinutes)));

            var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? vault : other).UnwrapAsync(token))));

            Assert.Single(results, r => r?.RawBody is not null);
            Assert.All(results.Where(r => r?.RawBody is null), r => VaultAssert.Error(r, 400, Invalid));
        }
    }

    private static async Task<int> LeaseCountAsync(TestVault vault) =>
        VaultAssert.Ok(await vault.ReadAsync("sys/leases/count"))["lease_count"]!.GetValue<int>();

    /// <summary>A vault with a KV v1 mount at kv/ holding kv/app.</summary>
    private static async Task<TestVault> KvVaultAsync()
    {
        var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["password"] = "s3cret" }));
        return vault;
    }
}
