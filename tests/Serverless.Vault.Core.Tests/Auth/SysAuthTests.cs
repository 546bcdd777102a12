using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Auth;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth;

public sealed class SysAuthTests
{
    private static Task<TestVault> VaultAsync() =>
        TestVault.InitializedAsync(services => services.AddSingleton<IBackendFactory>(sp => new FixedLoginBackendFactory(sp.GetRequiredService<LoginTokens>())));

    [Fact]
    public async Task Auth_methods_are_enabled_listed_tuned_and_disabled_under_sys_auth()
    {
        using var vault = await VaultAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/fixed", new JsonObject { ["type"] = FixedLoginBackend.Type, ["description"] = "test" }));
        var listed = await vault.ReadAsync("sys/auth");
        var data = VaultAssert.Ok(listed);
        Assert.Equal("token", data["token/"]!["type"]!.GetValue<string>());
        Assert.Equal(FixedLoginBackend.Type, data["fixed/"]!["type"]!.GetValue<string>());
        Assert.True(listed!.CopyDataToTopLevel);
        Assert.DoesNotContain("auth/fixed/", VaultAssert.Ok(await vault.ReadAsync("sys/mounts")).Select(p => p.Key));

        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/fixed/tune", new JsonObject { ["max_lease_ttl"] = "2h" }));
        Assert.Equal(7200, VaultAssert.Ok(await vault.ReadAsync("sys/auth/fixed/tune"))["max_lease_ttl"]!.GetValue<long>());

        VaultAssert.NoContent(await vault.DeleteAsync("sys/auth/fixed"));
        Assert.Null(VaultAssert.Ok(await vault.ReadAsync("sys/auth"))["fixed/"]);
    }

    [Fact]
    public async Task Auth_types_and_engine_types_stay_in_their_own_tables()
    {
        using var vault = await VaultAsync();

        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/auth/kv", new JsonObject { ["type"] = "kv" }), 400, "plugin not found");
        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/mounts/fixed", new JsonObject { ["type"] = FixedLoginBackend.Type }), 400, "plugin not found");
        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/auth/token", new JsonObject { ["type"] = FixedLoginBackend.Type }), 400, "reserved");
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/a", new JsonObject { ["type"] = FixedLoginBackend.Type }));
        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/auth/a", new JsonObject { ["type"] = FixedLoginBackend.Type }), 400, "already in use");
    }

    [Fact]
    public async Task Login_mints_an_orphan_token_with_the_settings_and_the_mounts_caps()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/fixed", new JsonObject { ["type"] = FixedLoginBackend.Type, ["config"] = new JsonObject { ["max_lease_ttl"] = "1h" } }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/fixed/settings", new JsonObject { ["policies"] = "a,b", ["token_ttl"] = "2h", ["token_num_uses"] = 3 }));

        var login = await vault.WriteAsync("auth/fixed/login", token: null);

        var auth = login!.Auth!;
        Assert.Equal(["a", "b", "default"], auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal(3, auth["num_uses"]!.GetValue<long>());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal("fixed", auth["metadata"]!["who"]!.GetValue<string>());
        var token = auth["client_token"]!.GetValue<string>();
        var self = VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", token));
        Assert.Equal("auth/fixed/login", self["path"]!.GetValue<string>());
        Assert.Equal(FixedLoginBackend.Type, self["display_name"]!.GetValue<string>());

        // Renewal stops at the mount's max TTL counted from creation.
        vault.Time.Advance(TimeSpan.FromMinutes(30));
        var renewed = await vault.WriteAsync("auth/token/renew-self", new JsonObject { ["increment"] = "5h" }, token);
        Assert.Equal(1800, renewed!.Auth!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Token_bound_cidrs_refuse_logins_and_uses_from_elsewhere()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/fixed", new JsonObject { ["type"] = FixedLoginBackend.Type }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/fixed/settings", new JsonObject { ["token_bound_cidrs"] = "10.1.2.3/8" }));

        // TestVault's requests carry no client address: outside every block.
        VaultAssert.Error(await vault.WriteAsync("auth/fixed/login", token: null), 403, "login request originated from invalid CIDR");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/fixed/settings", new JsonObject { ["token_bound_cidrs"] = "10.0.0.0/99" }), 400, "invalid CIDR block");
    }

    [Fact]
    public async Task Bad_token_settings_are_refused()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/fixed", new JsonObject { ["type"] = FixedLoginBackend.Type }));

        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/fixed/settings", new JsonObject { ["token_type"] = "weird" }), 400, "invalid 'token_type'");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/fixed/settings", new JsonObject { ["token_type"] = "batch", ["token_period"] = "1h" }), 400, "periodic");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/fixed/settings", new JsonObject { ["token_ttl"] = "2h", ["token_max_ttl"] = "1h" }), 400, "cannot be greater");
    }
}
