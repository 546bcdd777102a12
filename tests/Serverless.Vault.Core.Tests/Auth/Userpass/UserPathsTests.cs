using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Userpass;

public sealed class UserPathsTests
{
    [Fact]
    public async Task Users_CreateReadListDelete_RoundTripWithoutThePassword()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "s3cret-pw", new JsonObject { ["token_policies"] = "Web,ops", ["token_ttl"] = "1h", ["token_bound_cidrs"] = "10.0.0.0/8" });
        await vault.CreateUserAsync("bob", "other-pw");

        var data = VaultAssert.Ok(await vault.ReadAsync("auth/userpass/users/alice"));
        Assert.Equal(["web", "ops"], data["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(3600, data["token_ttl"]!.GetValue<long>());
        Assert.Equal(["10.0.0.0/8"], data["token_bound_cidrs"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(data["password"]);
        Assert.Null(data["password_hash"]);
        Assert.DoesNotContain("s3cret-pw", data.ToJsonString(), StringComparison.Ordinal);

        var keys = VaultAssert.Ok(await vault.ListAsync("auth/userpass/users"))["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(["alice", "bob"], keys);

        VaultAssert.NoContent(await vault.DeleteAsync("auth/userpass/users/alice"));
        VaultAssert.Error(await vault.ReadAsync("auth/userpass/users/alice"), 404);
        VaultAssert.Error(await vault.LoginAsync("alice", "s3cret-pw"), 400, "invalid username or password");
    }

    [Fact]
    public async Task Users_MixedCaseAndSpaces_AreOneNormalisedUser()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("Mary", "pw-1");

        VaultAssert.Ok(await vault.ReadAsync("auth/userpass/users/MARY"));
        Assert.Equal(["mary"], VaultAssert.Ok(await vault.ListAsync("auth/userpass/users"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.NotNull((await vault.LoginAsync("mArY", "pw-1"))!.Auth);
        Assert.NotNull((await vault.LoginAsync(" mary ", "pw-1"))!.Auth);
    }

    [Fact]
    public async Task Users_CreateWithoutPassword_IsRefused()
    {
        using var vault = await UserpassVault.StartAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/userpass/users/alice", new JsonObject { ["token_policies"] = "web" }), 400, "missing password");
        VaultAssert.Error(await vault.WriteAsync("auth/userpass/users/alice", new JsonObject { ["password"] = "" }), 400, "missing password");
        VaultAssert.Error(await vault.ReadAsync("auth/userpass/users/alice"), 404);
    }

    [Fact]
    public async Task Users_UpdateWithoutPassword_KeepsThePasswordAndChangesSettings()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-1", new JsonObject { ["token_policies"] = "web" });

        VaultAssert.NoContent(await vault.WriteAsync("auth/userpass/users/alice", new JsonObject { ["token_num_uses"] = 5 }));

        var data = VaultAssert.Ok(await vault.ReadAsync("auth/userpass/users/alice"));
        Assert.Equal(5, data["token_num_uses"]!.GetValue<long>());
        Assert.Equal(["web"], data["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(5, (await vault.LoginAsync("alice", "pw-1"))!.Auth!["num_uses"]!.GetValue<long>());
    }

    [Fact]
    public async Task Users_BadInput_IsA400()
    {
        using var vault = await UserpassVault.StartAsync();

        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/userpass/users/-bad", new JsonObject { ["password"] = "pw" }), 400, "invalid username");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/userpass/users/alice", new JsonObject { ["password"] = new string('x', 73) }), 400, "too long");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/userpass/users/alice", new JsonObject { ["password"] = "pw", ["token_type"] = "weird" }), 400, "invalid 'token_type'");
    }

    [Fact]
    public async Task Password_UpdatedPassword_TakesEffectAtTheNextLogin()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "old-pw");

        VaultAssert.NoContent(await vault.WriteAsync("auth/userpass/users/Alice/password", new JsonObject { ["password"] = "new-pw" }));

        VaultAssert.Error(await vault.LoginAsync("alice", "old-pw"), 400, "invalid username or password");
        Assert.NotNull((await vault.LoginAsync("alice", "new-pw"))!.Auth);
    }

    [Fact]
    public async Task Password_UnknownUserOrEmptyPassword_IsRefused()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-1");

        VaultAssert.Error(await vault.WriteAsync("auth/userpass/users/nobody/password", new JsonObject { ["password"] = "x" }), 400, "username does not exist");
        VaultAssert.Error(await vault.WriteAsync("auth/userpass/users/alice/password", new JsonObject { ["password"] = "" }), 400, "missing password");
        VaultAssert.Error(await vault.WriteAsync("auth/userpass/users/alice/password", []), 400, "missing password");
        Assert.NotNull((await vault.LoginAsync("alice", "pw-1"))!.Auth);
    }

    [Fact]
    public async Task Policies_Update_ChangesOnlyThePoliciesOfLaterTokens()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-1", new JsonObject { ["token_policies"] = "web", ["token_ttl"] = "1h" });

        var update = await vault.WriteAsync("auth/userpass/users/alice/policies", new JsonObject { ["token_policies"] = new JsonArray("ops", "audit"), ["token_ttl"] = "5h" });
        Assert.Contains("token_ttl", Assert.Single(update!.Warnings), StringComparison.Ordinal);

        var data = VaultAssert.Ok(await vault.ReadAsync("auth/userpass/users/alice"));
        Assert.Equal(["ops", "audit"], data["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(3600, data["token_ttl"]!.GetValue<long>());
        var auth = (await vault.LoginAsync("alice", "pw-1"))!.Auth!;
        Assert.Equal(["audit", "default", "ops"], auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());

        VaultAssert.NoContent(await vault.WriteAsync("auth/userpass/users/alice/policies", new JsonObject { ["policies"] = "legacy" }));
        Assert.Equal(["legacy"], VaultAssert.Ok(await vault.ReadAsync("auth/userpass/users/alice"))["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        VaultAssert.Error(await vault.WriteAsync("auth/userpass/users/nobody/policies", new JsonObject { ["policies"] = "x" }), 400, "username does not exist");
    }

    [Fact]
    public async Task Storage_HoldsOnlyABcryptHash_BehindTheBarrier()
    {
        using var vault = await UserpassVault.StartAsync();
        const string password = "plain-text-canary-7f3a";
        await vault.CreateUserAsync("alice", password);
        var uuid = VaultAssert.Ok(await vault.ReadAsync("sys/auth"))["userpass/"]!["uuid"]!.GetValue<string>();

        var entry = await vault.Get<IBarrier>().Storage.GetAsync($"auth/{uuid}/user/alice", CancellationToken.None);

        Assert.NotNull(entry);
        var stored = Encoding.UTF8.GetString(entry.Value);
        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
        Assert.Contains("$2", stored, StringComparison.Ordinal);
        Assert.Matches($@"\$2[aby]\${Core.Auth.Userpass.UserpassPasswords.WorkFactor}\$", stored);

        // Physical storage holds only ciphertext: not even the hash shows.
        foreach (var key in await vault.PhysicalKeysAsync(""))
        {
            var raw = Encoding.UTF8.GetString((await vault.Physical.GetAsync(key, CancellationToken.None))!.Value.ToArray());
            Assert.DoesNotContain(password, raw, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\$2[aby]\$\d\d\$", raw);
        }
    }
}
