using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.AppRole;

public sealed class AppRoleSecretIdTests
{
    [Fact]
    public async Task SecretId_Generate_ReturnsVaultsFieldsAndTheRolesDefaults()
    {
        using var vault = await AppRoleVault.StartAsync();
        await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_ttl"] = "1h", ["secret_id_num_uses"] = 5 });

        var data = VaultAssert.Ok(await vault.WriteAsync("auth/approle/role/web/secret-id"));

        Assert.True(Guid.TryParse(data["secret_id"]!.GetValue<string>(), out _));
        Assert.True(Guid.TryParse(data["secret_id_accessor"]!.GetValue<string>(), out _));
        Assert.Equal(3600, data["secret_id_ttl"]!.GetValue<long>());
        Assert.Equal(5, data["secret_id_num_uses"]!.GetValue<long>());
    }

    [Fact]
    public async Task SecretId_Metadata_IsParsedFromTheJsonStringClientsSend()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web");

        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web", new JsonObject { ["metadata"] = "{\"team\":\"blue\",\"env\":\"prod\"}" });

        var lookup = VaultAssert.Ok(await vault.WriteAsync("auth/approle/role/web/secret-id/lookup", new JsonObject { ["secret_id"] = secretId }));
        Assert.Equal("blue", lookup["metadata"]!["team"]!.GetValue<string>());
        var login = await AppRoleVault.LoginAsync(vault, roleId, secretId);
        Assert.Equal("prod", login!.Auth!["metadata"]!["env"]!.GetValue<string>());
        Assert.Equal("web", login.Auth["metadata"]!["role_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"team\": 1}")]
    [InlineData("{not json")]
    [InlineData("novalue")]
    public async Task SecretId_BadMetadata_IsRefused(string metadata)
    {
        using var vault = await AppRoleVault.StartAsync();
        await AppRoleVault.CreateRoleAsync(vault, "web");

        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/approle/role/web/secret-id", new JsonObject { ["metadata"] = metadata }), 400, "failed to parse metadata");
    }

    [Fact]
    public async Task SecretId_LimitsBeyondTheRoles_AreRefused()
    {
        using var vault = await AppRoleVault.StartAsync();
        await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["secret_id_ttl"] = "1h", ["secret_id_num_uses"] = 2, ["secret_id_bound_cidrs"] = "10.0.0.0/8" });
        var path = "auth/approle/role/web/secret-id";

        VaultAssert.Error(await vault.WriteAsync(path, new JsonObject { ["ttl"] = "2h" }), 400, "ttl cannot be longer than the role's secret_id_ttl");
        VaultAssert.Error(await vault.WriteAsync(path, new JsonObject { ["num_uses"] = 3 }), 400, "num_uses cannot be higher than the role's secret_id_num_uses");
        VaultAssert.Error(await vault.WriteAsync(path, new JsonObject { ["num_uses"] = -1 }), 400, "num_uses cannot be negative");
        VaultAssert.ErrorContaining(await vault.WriteAsync(path, new JsonObject { ["cidr_list"] = "192.168.0.0/16" }), 400, "failed to verify the CIDR restrictions");
        VaultAssert.Error(await vault.WriteAsync(path, new JsonObject { ["cidr_list"] = "nope" }), 400, "invalid CIDR block: nope");
        var ok = VaultAssert.Ok(await vault.WriteAsync(path, new JsonObject { ["cidr_list"] = "10.1.0.0/16", ["ttl"] = "10m", ["num_uses"] = 1 }));
        Assert.Equal(600, ok["secret_id_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task SecretId_UnknownRoleOrUnboundRole_IsRefused()
    {
        using var vault = await AppRoleVault.StartAsync();
        await AppRoleVault.CreateRoleAsync(vault, "open", new JsonObject { ["bind_secret_id"] = false, ["secret_id_bound_cidrs"] = "127.0.0.1/32" });

        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/nope/secret-id"), 404, "role \"nope\" does not exist");
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/open/secret-id"), 400, "bind_secret_id is not set on the role");
    }

    [Fact]
    public async Task SecretId_List_ListsAccessorsOfThisRoleOnly()
    {
        using var vault = await AppRoleVault.StartAsync();
        await AppRoleVault.CreateRoleAsync(vault, "web");
        await AppRoleVault.CreateRoleAsync(vault, "db");
        var (_, first) = await AppRoleVault.SecretIdAsync(vault, "web");
        var (_, second) = await AppRoleVault.SecretIdAsync(vault, "web");
        await AppRoleVault.SecretIdAsync(vault, "db");

        var keys = VaultAssert.Ok(await vault.ListAsync("auth/approle/role/web/secret-id"))["keys"]!.AsArray().Select(k => k!.GetValue<string>());

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task SecretId_LookupAndDestroy_WorkWithinTheRole()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web");
        await AppRoleVault.CreateRoleAsync(vault, "db");
        var (secretId, accessor) = await AppRoleVault.SecretIdAsync(vault, "web", new JsonObject { ["ttl"] = "1h" });

        var lookup = VaultAssert.Ok(await vault.WriteAsync("auth/approle/role/web/secret-id/lookup", new JsonObject { ["secret_id"] = secretId }));
        Assert.Equal(accessor, lookup["secret_id_accessor"]!.GetValue<string>());
        Assert.Equal("2026-11-28T12:00:00Z", lookup["creation_time"]!.GetValue<string>());
        Assert.Equal("2026-11-28T13:00:00Z", lookup["expiration_time"]!.GetValue<string>());

        // Another role's path does not see it.
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/db/secret-id/lookup", new JsonObject { ["secret_id"] = secretId }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/db/secret-id/destroy", new JsonObject { ["secret_id"] = secretId }));
        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, secretId))!.Auth);

        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/web/secret-id/destroy", new JsonObject { ["secret_id"] = secretId }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/web/secret-id/lookup", new JsonObject { ["secret_id"] = secretId }));
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId), 400, "invalid role or secret ID");
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/web/secret-id/lookup", new JsonObject()), 400, "missing secret_id");
    }

    [Fact]
    public async Task SecretIdAccessor_OfAnotherRole_IsNotFound()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web");
        await AppRoleVault.CreateRoleAsync(vault, "db");
        var (secretId, accessor) = await AppRoleVault.SecretIdAsync(vault, "web");
        var missing = $"failed to find accessor entry for secret_id_accessor: \"{accessor}\"";

        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/db/secret-id-accessor/lookup", new JsonObject { ["secret_id_accessor"] = accessor }), 404, missing);
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/db/secret-id-accessor/destroy", new JsonObject { ["secret_id_accessor"] = accessor }), 404, missing);
        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, secretId))!.Auth);

        var lookup = VaultAssert.Ok(await vault.WriteAsync("auth/approle/role/web/secret-id-accessor/lookup", new JsonObject { ["secret_id_accessor"] = accessor }));
        Assert.Equal(accessor, lookup["secret_id_accessor"]!.GetValue<string>());
        Assert.Null(lookup["secret_id"]);
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/web/secret-id-accessor/destroy", new JsonObject { ["secret_id_accessor"] = accessor }));
        VaultAssert.Error(await AppRoleVault.LoginAsync(vault, roleId, secretId), 400, "invalid role or secret ID");
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/web/secret-id-accessor/lookup", new JsonObject { ["secret_id_accessor"] = accessor }), 404, missing);
    }

    [Fact]
    public async Task CustomSecretId_LogsInAndCannotBeRegisteredTwice()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web");

        var data = VaultAssert.Ok(await vault.WriteAsync("auth/approle/role/web/custom-secret-id", new JsonObject { ["secret_id"] = "my-own-secret", ["num_uses"] = 2 }));

        Assert.Equal("my-own-secret", data["secret_id"]!.GetValue<string>());
        Assert.Equal(2, data["secret_id_num_uses"]!.GetValue<long>());
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/web/custom-secret-id", new JsonObject { ["secret_id"] = "my-own-secret" }), 400, "SecretID is already registered");
        VaultAssert.Error(await vault.WriteAsync("auth/approle/role/web/custom-secret-id", new JsonObject()), 400, "missing secret_id");
        Assert.NotNull((await AppRoleVault.LoginAsync(vault, roleId, "my-own-secret"))!.Auth);
    }

    [Fact]
    public async Task Storage_HoldsNoSecretIdOrRoleIdInItsKeys()
    {
        using var vault = await AppRoleVault.StartAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/approle/role/web", new JsonObject { ["role_id"] = "findable-role-id" }));
        var (secretId, accessor) = await AppRoleVault.SecretIdAsync(vault, "web");
        VaultAssert.Ok(await vault.WriteAsync("auth/approle/role/web/custom-secret-id", new JsonObject { ["secret_id"] = "findable-custom-secret" }));

        var keys = await vault.PhysicalKeysAsync("");

        Assert.NotEmpty(keys);
        foreach (var needle in new[] { secretId, accessor, "findable-role-id", "findable-custom-secret" })
        {
            Assert.DoesNotContain(keys, k => k.Contains(needle, StringComparison.Ordinal));
        }
    }
}
