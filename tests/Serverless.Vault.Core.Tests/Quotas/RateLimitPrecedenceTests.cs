using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Auth.AppRole;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Quotas.QuotaClient;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>Vault's precedence: a login role over a path below the mount over the mount over the global quota.</summary>
public sealed class RateLimitPrecedenceTests
{
    [Fact]
    public async Task MostSpecificQuota_Applies()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");
        await CreateAsync(vault, "global", new JsonObject { ["rate"] = 5, ["interval"] = "1h" });
        await CreateAsync(vault, "mount", new JsonObject { ["path"] = "kv/", ["rate"] = 2, ["interval"] = "1h" });
        await CreateAsync(vault, "exact", new JsonObject { ["path"] = "kv/app", ["rate"] = 1, ["interval"] = "1h" });
        await CreateAsync(vault, "prefix", new JsonObject { ["path"] = "kv/team*", ["rate"] = 3, ["interval"] = "1h" });

        Assert.Equal(1, await AllowedAsync(vault, "10.0.0.1", "kv/app"));
        Assert.Equal(3, await AllowedAsync(vault, "10.0.0.2", "kv/team/x"));
        Assert.Equal(2, await AllowedAsync(vault, "10.0.0.3", "kv/other"));
        Assert.Equal(5, await AllowedAsync(vault, "10.0.0.4", "sys/mounts"));

        // kv/app/child is no exact match and no prefix: the mount quota counts it.
        Assert.Equal(2, await AllowedAsync(vault, "10.0.0.5", "kv/app/child"));
    }

    [Fact]
    public async Task AppRoleLogins_CountAgainstTheirRolesQuota_ResolvedFromRoleId()
    {
        using var vault = await AppRoleVault.StartAsync();
        var web = await AppRoleVault.CreateRoleAsync(vault, "web");
        var batch = await AppRoleVault.CreateRoleAsync(vault, "batch");
        await CreateAsync(vault, "approle", new JsonObject { ["path"] = "auth/approle/", ["rate"] = 3, ["interval"] = "1h" });
        await CreateAsync(vault, "web-logins", new JsonObject { ["path"] = "auth/approle", ["role"] = "web", ["rate"] = 1, ["interval"] = "1h" });

        // Wrong secret IDs: the logins fail, but every attempt is counted, as in Vault.
        Assert.NotEqual(429, (await AppRoleVault.LoginAsync(vault, web, "wrong", "10.0.0.1"))?.StatusCode);
        AssertLimited(await AppRoleVault.LoginAsync(vault, web, "wrong", "10.0.0.1"), "auth/approle/login");
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(429, (await AppRoleVault.LoginAsync(vault, batch, "wrong", "10.0.0.1"))?.StatusCode);
        }

        AssertLimited(await AppRoleVault.LoginAsync(vault, batch, "wrong", "10.0.0.1"), "auth/approle/login");
    }

    [Fact]
    public async Task JwtLogins_CountAgainstTheRoleNamedInTheBody()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/jwt", new JsonObject { ["type"] = "jwt" }));
        await CreateAsync(vault, "dev-logins", new JsonObject { ["path"] = "auth/jwt/", ["role"] = "dev", ["rate"] = 1, ["interval"] = "1h" });

        AssertNotLimited(await LoginAsync(vault, "dev"));
        AssertLimited(await LoginAsync(vault, "dev"), "auth/jwt/login");
        AssertNotLimited(await LoginAsync(vault, "ops"));
        AssertNotLimited(await LoginAsync(vault, "ops"));
        AssertNotLimited(await LoginAsync(vault, null));

        // A login naming no role uses default_role, and so counts against that role's quota.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        VaultAssert.NoContent(await vault.WriteAsync("auth/jwt/config", new JsonObject { ["jwt_validation_pubkeys"] = key.ExportSubjectPublicKeyInfoPem(), ["default_role"] = "dev" }));
        AssertLimited(await LoginAsync(vault, null), "auth/jwt/login");
    }

    private static Task<VaultResponse?> LoginAsync(TestVault vault, string? role)
    {
        var body = new JsonObject { ["jwt"] = "not-a-jwt" };
        if (role is not null)
        {
            body["role"] = role;
        }

        return SendAsync(vault, "10.0.0.1", Operation.Update, "auth/jwt/login", body, token: null);
    }

    /// <summary>How many reads from one client pass before the first 429 (at most 10).</summary>
    private static async Task<int> AllowedAsync(TestVault vault, string client, string path)
    {
        for (var i = 0; i < 10; i++)
        {
            if ((await ReadAsync(vault, client, path))?.StatusCode == 429)
            {
                return i;
            }
        }

        return 10;
    }
}
