using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Azure;

public sealed class AzureConfigAndRoleTests
{
    private static async Task<TestVault> VaultAsync()
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/azure", new JsonObject { ["type"] = "azure" }));
        return vault;
    }

    [Fact]
    public async Task Config_ReadNeverReturnsTheClientSecret_AndDefaultsTheEnvironment()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/azure/config", new JsonObject
        {
            ["tenant_id"] = "tenant-1",
            ["resource"] = "https://vault.example/",
            ["client_id"] = "client",
            ["client_secret"] = "very-secret",
        }));

        var config = VaultAssert.Ok(await vault.ReadAsync("auth/azure/config"));

        Assert.Equal("tenant-1", config["tenant_id"]!.GetValue<string>());
        Assert.Equal("AzurePublicCloud", config["environment"]!.GetValue<string>());
        Assert.Equal("client", config["client_id"]!.GetValue<string>());
        Assert.DoesNotContain("very-secret", config.ToJsonString());
        Assert.False(config.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task Config_Validation()
    {
        using var vault = await VaultAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/azure/config", new JsonObject { ["resource"] = "r" }), 400, "tenant_id is required");
        VaultAssert.Error(await vault.WriteAsync("auth/azure/config", new JsonObject { ["tenant_id"] = "t" }), 400, "resource is required");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/azure/config", new JsonObject { ["tenant_id"] = "t", ["resource"] = "r", ["environment"] = "Mars" }), 400, "invalid environment");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/azure/config", new JsonObject { ["tenant_id"] = "t", ["resource"] = "r", ["metadata_url"] = "https://x.example/keys" }), 400, "metadata_url");
    }

    [Fact]
    public async Task Role_WithoutBindings_IsRefusedAtWrite()
    {
        using var vault = await VaultAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/azure/role/dev", new JsonObject { ["token_policies"] = "dev" }), 400,
            "must have at least one bound constraint when creating/updating a role");
        VaultAssert.Error(await vault.WriteAsync("auth/azure/role/dev", new JsonObject { ["bound_service_principal_ids"] = "*", ["bound_group_ids"] = "*" }), 400,
            "expected specific bound_group_ids or bound_service_principal_ids; both cannot be '*'");
    }

    [Fact]
    public async Task Role_WriteReadListDelete_RoundTrips()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/azure/role/Dev", new JsonObject
        {
            ["bound_subscription_ids"] = "sub-1",
            ["bound_resource_groups"] = new JsonArray("rg-1", "rg-2"),
            ["token_policies"] = "dev",
            ["token_ttl"] = "1h",
        }));

        var role = VaultAssert.Ok(await vault.ReadAsync("auth/azure/role/dev"));
        Assert.Equal(["rg-1", "rg-2"], role["bound_resource_groups"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(3600, role["token_ttl"]!.GetValue<long>());
        var list = VaultAssert.Ok(await vault.ListAsync("auth/azure/role"));
        Assert.Equal(["dev"], list["keys"]!.AsArray().Select(v => v!.GetValue<string>()));

        VaultAssert.NoContent(await vault.DeleteAsync("auth/azure/role/dev"));
        Assert.Equal(404, (await vault.ReadAsync("auth/azure/role/dev"))!.StatusCode);
    }
}
