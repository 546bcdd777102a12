using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Authorization;

/// <summary>The request pipeline enforcing ACL policies, end to end through the router.</summary>
public sealed class AclEnforcementTests : IAsyncLifetime
{
    private TestVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await TestVault.InitializedAsync();
        await _vault.EnableAsync("secret", "kv-v2");
        VaultAssert.Ok(await _vault.WriteAsync("secret/data/app/db", Data("db")));
        VaultAssert.Ok(await _vault.WriteAsync("secret/data/app/deep/inner", Data("inner")));
        VaultAssert.Ok(await _vault.WriteAsync("secret/data/other", Data("other")));
    }

    public Task DisposeAsync()
    {
        _vault.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Read_GrantedByGlob_AllowedAndWriteDenied()
    {
        var token = await TokenWithPolicyAsync("""path "secret/data/app/*" { capabilities = ["read"] }""");

        Assert.Equal("db", VaultAssert.Ok(await _vault.ReadAsync("secret/data/app/db", token))["data"]!["v"]!.GetValue<string>());
        VaultAssert.Error(await _vault.WriteAsync("secret/data/app/db", Data("x"), token), 403, "permission denied");
        VaultAssert.Error(await _vault.ReadAsync("secret/data/other", token), 403, "permission denied");
    }

    [Fact]
    public async Task Write_CreateOnly_AllowsNewKeyButNotUpdate()
    {
        var token = await TokenWithPolicyAsync("""path "secret/data/*" { capabilities = ["create"] }""");

        VaultAssert.Ok(await _vault.WriteAsync("secret/data/brand-new", Data("1"), token));
        VaultAssert.Error(await _vault.WriteAsync("secret/data/brand-new", Data("2"), token), 403, "permission denied");
    }

    [Fact]
    public async Task DenyOnExactPath_BeatsGlobGrant()
    {
        var token = await TokenWithPolicyAsync("""
            path "secret/data/*" { capabilities = ["read"] }
            path "secret/data/app/db" { capabilities = ["deny"] }
            """);

        VaultAssert.Error(await _vault.ReadAsync("secret/data/app/db", token), 403, "permission denied");
        VaultAssert.Ok(await _vault.ReadAsync("secret/data/other", token));
    }

    [Fact]
    public async Task SudoPath_NeedsSudoCapability()
    {
        var plain = await TokenWithPolicyAsync("""path "sys/rotate" { capabilities = ["update"] }""", "plain");
        var sudo = await TokenWithPolicyAsync("""path "sys/rotate" { capabilities = ["update", "sudo"] }""", "sudo");

        VaultAssert.Error(await _vault.WriteAsync("sys/rotate", null, plain), 403, "permission denied");
        VaultAssert.NoContent(await _vault.WriteAsync("sys/rotate", null, sudo));
    }

    [Fact]
    public async Task PolicyChange_AppliesAfterTheStalenessBudget()
    {
        var token = await TokenWithPolicyAsync("""path "secret/data/other" { capabilities = ["read"] }""");
        VaultAssert.Ok(await _vault.ReadAsync("secret/data/other", token));

        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/acl/app", new JsonObject { ["policy"] = """path "secret/data/app/*" { capabilities = ["read"] }""" }));
        _vault.Time.Advance(TimeSpan.FromSeconds(6));

        VaultAssert.Error(await _vault.ReadAsync("secret/data/other", token), 403, "permission denied");
    }

    [Fact]
    public async Task RecursiveList_ReturnsOnlyKeysInFoldersTheTokenMayList()
    {
        var token = await TokenWithPolicyAsync("""
            path "secret/metadata/app/" { capabilities = ["list"] }
            path "secret/metadata/app/deep/" { capabilities = ["deny"] }
            """);

        var shallow = VaultAssert.Ok(await _vault.ListAsync("secret/metadata/app/", token));
        Assert.Equal(["db", "deep/"], shallow["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        var recursive = VaultAssert.Ok(await _vault.SendAsync(Operation.List, "secret/metadata/app/", new JsonObject { ["recursive"] = "true" }, token));
        Assert.Equal(["db"], recursive["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        var root = VaultAssert.Ok(await _vault.SendAsync(Operation.List, "secret/metadata/app/", new JsonObject { ["recursive"] = "true" }, TestVault.RootToken));
        Assert.Equal(["db", "deep/inner"], root["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task DefaultPolicy_LetsATokenLookUpItself()
    {
        var token = await TokenWithPolicyAsync("""path "secret/data/other" { capabilities = ["read"] }""");

        var self = VaultAssert.Ok(await _vault.ReadAsync("auth/token/lookup-self", token));
        Assert.Contains("app", self["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        VaultAssert.Error(await _vault.ReadAsync("sys/mounts", token), 403, "permission denied");
    }

    [Fact]
    public async Task InternalUiMount_AnswersOnlyTokensWithRightsUnderTheMount()
    {
        await _vault.EnableAsync("private", "kv-v2");
        var token = await TokenWithPolicyAsync("""path "secret/data/app/*" { capabilities = ["read"] }""");

        var mount = VaultAssert.Ok(await _vault.ReadAsync("sys/internal/ui/mounts/secret/app/db", token));
        Assert.Equal("secret/", mount["path"]!.GetValue<string>());
        VaultAssert.Error(await _vault.ReadAsync("sys/internal/ui/mounts/private/x", token), 403, "permission denied");
    }

    [Fact]
    public async Task InternalUiMountList_ShowsOnlyMountsTheTokenHasRightsUnder()
    {
        await _vault.EnableAsync("private", "kv-v2");
        var token = await TokenWithPolicyAsync("""path "secret/data/app/*" { capabilities = ["read"] }""");

        var listed = VaultAssert.Ok(await _vault.ReadAsync("sys/internal/ui/mounts", token))["secret"]!.AsObject().Select(p => p.Key);

        // sys/ and cubbyhole/ show because the default policy grants paths under them (capabilities-self, cubbyhole/*...).
        Assert.Equal(["secret/", "cubbyhole/", "sys/"], listed);
    }

    [Fact]
    public async Task CapabilitiesSelf_ReportsWhatTheTokenMayDo()
    {
        var token = await TokenWithPolicyAsync("""path "secret/data/app/*" { capabilities = ["read", "list"] }""");

        var response = VaultAssert.Ok(await _vault.WriteAsync(
            "sys/capabilities-self", new JsonObject { ["paths"] = new JsonArray("secret/data/app/db", "secret/data/other") }, token));

        Assert.Equal(["list", "read"], response["secret/data/app/db"]!.AsArray().Select(c => c!.GetValue<string>()).Order());
        Assert.Equal(["deny"], response["secret/data/other"]!.AsArray().Select(c => c!.GetValue<string>()));
        var root = VaultAssert.Ok(await _vault.WriteAsync("sys/capabilities-self", new JsonObject { ["path"] = "secret/data/other" }));
        Assert.Equal(["root"], root["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    private async Task<string> TokenWithPolicyAsync(string policy, string name = "app")
    {
        VaultAssert.NoContent(await _vault.WriteAsync($"sys/policies/acl/{name}", new JsonObject { ["policy"] = policy }));
        var created = await _vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray(name) });
        Assert.Null(created?.Errors);
        return created!.Auth!["client_token"]!.GetValue<string>();
    }

    private static JsonObject Data(string value) => new() { ["data"] = new JsonObject { ["v"] = value } };
}
