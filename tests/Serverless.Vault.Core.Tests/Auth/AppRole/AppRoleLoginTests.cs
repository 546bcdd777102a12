using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.AppRole;

public sealed class AppRoleLoginTests
{
    private const string Invalid = "invalid role or secret ID";

    [Fact]
    public async Task Login_GoodCredentials_MintsATokenWithTheRolesSettings()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["token_policies"] = "web", ["token_ttl"] = "20m" });
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");

        var auth = (await AppRoleVault.LoginAsync(vault, roleId, secretId))!.Auth!;

        Assert.Equal(["default", "web"], auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Equal(1200, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal("web", auth["metadata"]!["role_name"]!.GetValue<string>());
        var self = VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", auth["client_token"]!.GetValue<string>()));
        Assert.Equal("approle", self["display_name"]!.GetValue<string>());
        Assert.Equal("auth/approle/login", self["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_BadCredentials_Are400AndMintNoToken()
    {
        using var vault = await AppRoleVault.StartAsync();
        var webId = await AppRoleVault.CreateRoleAsync(vault, "web");
        await AppRoleVault.CreateRoleAsync(vault, "db");
        await AppRoleVault.SecretIdAsync(vault, "web");
        var (dbSecret, _) = await AppRoleVault.SecretIdAsync(vault, "db");
        var before = await AppRoleVault.TokenCountAsync(vault);

        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, webId, "wrong-secret"), 400, Invalid);
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, webId, dbSecret), 400, Invalid);
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, "unknown-role-id", dbSecret), 400, Invalid);
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, "unknown-role-id", null), 400, Invalid);
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, "", dbSecret), 400, "missing role_id");
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, webId, null), 400, "missing secret_id");

        Assert.Equal(before, await AppRoleVault.TokenCountAsync(vault));
    }

    [Fact]
    public async Task Login_Errors_NeverContainTheSecretId()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_bound_cidrs"] = "10.0.0.0/8" });
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web", new JsonObject { ["cidr_list"] = "10.1.0.0/16" });

        foreach (var response in new[]
        {
            await AppRoleVault.LoginAsync(vault, roleId, secretId, "192.168.1.1"),
            await AppRoleVault.LoginAsync(vault, roleId, secretId + "x", "10.1.1.1"),
            await AppRoleVault.LoginAsync(vault, "nope", secretId, "10.1.1.1"),
        })
        {
            Assert.Equal(400, response!.StatusCode);
            Assert.DoesNotContain(response.Errors!, e => e.Contains(secretId, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Login_SingleUseSecretId_WorksOnceThenIsGone()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_num_uses"] = 2 });
        var (secretId, accessor) = await AppRoleVault.SecretIdAsync(vault, "web");

        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, secretId))!.Auth);
        var lookup = VaultAssert.Ok(await vault.WriteAsync("auth/approle/role/web/secret-id/lookup", new JsonObject { ["secret_id"] = secretId }));
        Assert.Equal(1, lookup["secret_id_num_uses"]!.GetValue<long>());
        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, secretId))!.Auth);
        var count = await AppRoleVault.TokenCountAsync(vault);

        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId), 400, Invalid);

        Assert.Equal(count, await AppRoleVault.TokenCountAsync(vault));
        AppRoleVault.NotFound(await vault.ListAsync("auth/approle/role/web/secret-id"));
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/approle/role/web/secret-id-accessor/lookup", new JsonObject { ["secret_id_accessor"] = accessor }), 404, "failed to find accessor entry");
    }

    [Fact]
    public async Task Login_ConcurrentUsesOfASingleUseSecretId_OnlyOneSucceeds()
    {
        using var vault = await AppRoleVault.StartAsync();
        using var other = vault.SecondInstance();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web");
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web", new JsonObject { ["num_uses"] = 1 });

        var logins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => AppRoleVault.LoginAsync(i % 2 == 0 ? vault : other, roleId, secretId))));

        Assert.Single(logins, r => r?.Auth is not null);
        Assert.All(logins.Where(r => r?.Auth is null), r => VaultAssert.Error(r, 400, Invalid));
    }

    [Fact]
    public async Task Login_ExpiredSecretId_IsRefusedAndDeleted()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_ttl"] = "10m" });
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");
        var before = await AppRoleVault.TokenCountAsync(vault);

        vault.Time.Advance(TimeSpan.FromMinutes(10));

        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId), 400, Invalid);
        Assert.Equal(before, await AppRoleVault.TokenCountAsync(vault));
        AppRoleVault.NotFound(await vault.ListAsync("auth/approle/role/web/secret-id"));
    }

    [Fact]
    public async Task Login_FromOutsideTheCidrs_IsRefusedWithoutSpendingAUse()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_bound_cidrs"] = "10.0.0.0/8", ["secret_id_num_uses"] = 1 });
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web", new JsonObject { ["cidr_list"] = "10.1.0.0/16" });
        var before = await AppRoleVault.TokenCountAsync(vault);

        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId, "192.168.1.1"), 400, "source address \"192.168.1.1\" unauthorized by CIDR restrictions on the secret ID");
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId, "10.2.0.1"), 400, "source address \"10.2.0.1\" unauthorized by CIDR restrictions on the secret ID");
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId), 400, "source address \"\" unauthorized by CIDR restrictions on the secret ID");
        Assert.Equal(before, await AppRoleVault.TokenCountAsync(vault));

        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, secretId, "10.1.2.3"))!.Auth);
    }

    [Fact]
    public async Task Login_RoleCidrs_AreCheckedEvenWithoutASecretIdCidr()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_bound_cidrs"] = "10.0.0.0/8" });
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");

        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId, "192.168.1.1"), 400, "source address \"192.168.1.1\" unauthorized by CIDR restrictions on the role");
        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, secretId, "10.9.9.9"))!.Auth);
    }

    [Fact]
    public async Task Login_WithoutBoundSecretId_NeedsOnlyTheRoleIdFromTheRightPlace()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "open", new JsonObject { ["bind_secret_id"] = false, ["secret_id_bound_cidrs"] = "127.0.0.0/8" });

        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, null, "127.0.0.1"))!.Auth);
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, null, "10.0.0.1"), 400, "source address \"10.0.0.1\" unauthorized by CIDR restrictions on the role");
    }

    [Fact]
    public async Task Login_SecretIdTokenBoundCidrs_OverrideTheRoles()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["token_bound_cidrs"] = "10.0.0.0/8" });
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web", new JsonObject { ["token_bound_cidrs"] = "10.1.0.0/16" });

        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId, "10.2.0.1"), 403, "login request originated from invalid CIDR");
        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, secretId, "10.1.0.1"))!.Auth);
    }

    [Fact]
    public async Task Login_UnknownRoleId_DoesTheSameStorageReadsAsAWrongSecret()
    {
        var storage = new CountingStorage(new InMemoryStorage());
        using var vault = await TestVault.InitializedAsync(services => services.AddSingleton<IStorage>(storage));
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/approle", new JsonObject { ["type"] = "approle" }));
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web");
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");

        var wrongSecret = await CountReadsAsync(vault, storage, roleId, "wrong-secret");
        var unknownRole = await CountReadsAsync(vault, storage, Guid.NewGuid().ToString(), secretId);

        Assert.True(wrongSecret > 0);
        Assert.Equal(wrongSecret, unknownRole);
    }

    private static async Task<long> CountReadsAsync(TestVault vault, CountingStorage storage, string roleId, string secretId)
    {
        // Warm the caches (salt, mount table) first so that only the login's own reads are counted.
        await AppRoleVault.LoginAsync(vault, roleId, secretId);
        var before = storage.Counts.Reads;
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId), 400, Invalid);
        return storage.Counts.Reads - before;
    }
}
