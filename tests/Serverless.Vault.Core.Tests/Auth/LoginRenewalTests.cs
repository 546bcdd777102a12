using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Auth.AppRole;
using Serverless.Vault.Core.Tests.Auth.Userpass;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth;

/// <summary>
/// A login token is renewed only while the auth method that issued it agrees, as Vault asks the login path's renew
/// handler: its AppRole role or its user must still exist, and a user's policies must be the token's.
/// </summary>
public sealed class LoginRenewalTests
{
    [Fact]
    public async Task AppRoleToken_RoleDeleted_RenewalIsRefused()
    {
        using var vault = await AppRoleVault.StartAsync();
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["token_policies"] = "web", ["token_ttl"] = "10m" });
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");
        var token = (await AppRoleVault.LoginAsync(vault, roleId, secretId))!.Auth!["client_token"]!.GetValue<string>();
        Assert.NotNull(VaultAssert.Auth(await vault.WriteAsync("auth/token/renew-self", null, token)));

        VaultAssert.NoContent(await vault.DeleteAsync("auth/approle/role/web"));

        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-self", null, token), 400, "role \"web\" does not exist during renewal");
        VaultAssert.Error(await vault.WriteAsync("auth/token/renew", new JsonObject { ["token"] = token }), 400, "role \"web\" does not exist during renewal");
    }

    [Fact]
    public async Task UserpassToken_PoliciesChanged_RenewalIsRefused()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("alice", "pw-alice-1", new JsonObject { ["token_policies"] = "dev", ["token_ttl"] = "10m" });
        var token = (await vault.LoginAsync("alice", "pw-alice-1"))!.Auth!["client_token"]!.GetValue<string>();
        Assert.NotNull(VaultAssert.Auth(await vault.WriteAsync("auth/token/renew-self", null, token)));

        VaultAssert.NoContent(await vault.WriteAsync("auth/userpass/users/alice/policies", new JsonObject { ["token_policies"] = "dev,admin" }));

        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-self", null, token), 400, "policies have changed, not renewing");
    }

    [Fact]
    public async Task UserpassToken_UserDeleted_RenewalIsRefused()
    {
        using var vault = await UserpassVault.StartAsync();
        await vault.CreateUserAsync("bob", "pw-bob-1", new JsonObject { ["token_policies"] = "dev", ["token_ttl"] = "10m" });
        var token = (await vault.LoginAsync("bob", "pw-bob-1"))!.Auth!["client_token"]!.GetValue<string>();

        VaultAssert.NoContent(await vault.DeleteAsync("auth/userpass/users/bob"));

        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-self", null, token), 400, "user no longer exists, not renewing");
    }

    [Fact]
    public async Task TokenStoreToken_IsRenewedWithoutAnAuthMethodCheck()
    {
        using var vault = await TestVault.InitializedAsync();
        var created = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = "web", ["ttl"] = "10m" });
        var token = created!.Auth!["client_token"]!.GetValue<string>();

        Assert.NotNull(VaultAssert.Auth(await vault.WriteAsync("auth/token/renew-self", null, token)));
    }
}
