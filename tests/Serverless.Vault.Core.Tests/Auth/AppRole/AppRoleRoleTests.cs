using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.AppRole;

public sealed class AppRoleRoleTests
{
    [Fact]
    public async Task Role_WriteReadListDelete_ShowsVaultsFields()
    {
        using var vault = await AppRoleVault.StartAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/web", new JsonObject
        {
            ["secret_id_ttl"] = "10m",
            ["secret_id_num_uses"] = 3,
            ["secret_id_bound_cidrs"] = "10.0.0.0/8",
            ["token_policies"] = "a,b",
            ["token_ttl"] = "1h",
        }));

        var role = VaultAssert.Ok(await vault.ReadAsync("auth/approle/role/web"));
        Assert.True(role["bind_secret_id"]!.GetValue<bool>());
        Assert.False(role["local_secret_ids"]!.GetValue<bool>());
        Assert.Equal(600, role["secret_id_ttl"]!.GetValue<long>());
        Assert.Equal(3, role["secret_id_num_uses"]!.GetValue<long>());
        Assert.Equal("10.0.0.0/8", role["secret_id_bound_cidrs"]![0]!.GetValue<string>());
        Assert.Equal(["a", "b"], role["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(3600, role["token_ttl"]!.GetValue<long>());
        Assert.Null(role["role_id"]);

        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/db", new JsonObject { ["policies"] = "db" }));
        var keys = VaultAssert.Ok(await vault.ListAsync("auth/approle/role"))["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(["db", "web"], keys);

        VaultAssert.NoContent(await vault.DeleteAsync("auth/approle/role/web"));
        AppRoleVault.NotFound(await vault.ReadAsync("auth/approle/role/web"));
        AppRoleVault.NotFound(await vault.ReadAsync("auth/approle/role/web/role-id"));
    }

    [Fact]
    public async Task Role_Update_KeepsUnnamedFieldsAndRoleId()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_num_uses"] = 2, ["token_policies"] = "a" });

        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/web", new JsonObject { ["token_ttl"] = 60 }));

        var role = VaultAssert.Ok(await vault.ReadAsync("auth/approle/role/web"));
        Assert.Equal(2, role["secret_id_num_uses"]!.GetValue<long>());
        Assert.Equal("a", role["token_policies"]![0]!.GetValue<string>());
        Assert.Equal(roleId, VaultAssert.Ok(await vault.ReadAsync("auth/approle/role/web/role-id"))["role_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Role_WithoutAnyConstraint_IsRefused()
    {
        using var vault = await AppRoleVault.StartAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/open", new JsonObject { ["bind_secret_id"] = false }), 400, "at least one constraint should be enabled on the role");
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/open", new JsonObject { ["bind_secret_id"] = false, ["secret_id_bound_cidrs"] = "127.0.0.1/32" }));
    }

    [Fact]
    public async Task Role_BadValues_AreRefused()
    {
        using var vault = await AppRoleVault.StartAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/r", new JsonObject { ["secret_id_num_uses"] = -1 }), 400, "secret_id_num_uses cannot be negative");
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/r", new JsonObject { ["secret_id_bound_cidrs"] = "not-a-cidr" }), 400, "invalid CIDR block: not-a-cidr");
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/r", new JsonObject { ["local_secret_ids"] = true }));
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/r", new JsonObject { ["local_secret_ids"] = false }), 400, "local_secret_ids can only be modified during role creation");
    }

    [Fact]
    public async Task RoleId_CustomValue_ReplacesTheOldOneForLogin()
    {
        using var vault = await AppRoleVault.StartAsync();
        var oldId = await AppRoleVault.CreateRoleAsync(vault, "web");
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");

        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/web/role-id", new JsonObject { ["role_id"] = "my-custom-id" }));

        Assert.Equal("my-custom-id", VaultAssert.Ok(await vault.ReadAsync("auth/approle/role/web/role-id"))["role_id"]!.GetValue<string>());
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, oldId, secretId), 400, "invalid role or secret ID");
        Assert.NotNull((await AppRoleVault.LoginAsync(vault, "my-custom-id", secretId))!.Auth);
    }

    [Fact]
    public async Task RoleId_HeldByAnotherRole_IsRefused()
    {
        using var vault = await AppRoleVault.StartAsync();
        var webId = await AppRoleVault.CreateRoleAsync(vault, "web");
        await AppRoleVault.CreateRoleAsync(vault, "db");

        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/db/role-id", new JsonObject { ["role_id"] = webId }), 400, "role_id already in use");
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/db/role-id", new JsonObject()), 400, "missing role_id");
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/nope/role-id", new JsonObject { ["role_id"] = "x" }), 400, "role \"nope\" does not exist");
    }

    [Fact]
    public async Task Role_Deleted_ItsSecretIdsDoNotComeBackWithANewRoleOfTheSameName()
    {
        using var vault = await AppRoleVault.StartAsync();
        await AppRoleVault.CreateRoleAsync(vault, "web");
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");
        VaultAssert.NoContent(await vault.DeleteAsync("auth/approle/role/web"));

        var newId = await AppRoleVault.CreateRoleAsync(vault, "web");

        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, newId, secretId), 400, "invalid role or secret ID");
        AppRoleVault.NotFound(await vault.ListAsync("auth/approle/role/web/secret-id"));
    }
}
