using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Authorization;

/// <summary>sys/policy and sys/policies/acl as clients call them.</summary>
public sealed class PolicyPathsTests : IAsyncLifetime
{
    private const string Hcl = """
        # read the app's secrets
        path "secret/data/app/*" {
          capabilities = ["read", "list"]
        }
        """;

    private TestVault _vault = null!;

    public async Task InitializeAsync() => _vault = await TestVault.InitializedAsync();

    public Task DisposeAsync()
    {
        _vault.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Write_ThenRead_BothPathsReturnTheText()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/acl/app", new JsonObject { ["policy"] = Hcl }));

        var modern = VaultAssert.Ok(await _vault.ReadAsync("sys/policies/acl/app"));
        Assert.Equal("app", modern["name"]!.GetValue<string>());
        Assert.Equal(Hcl, modern["policy"]!.GetValue<string>());
        var legacy = await _vault.ReadAsync("sys/policy/app");
        Assert.Equal(Hcl, legacy!.Data!["rules"]!.GetValue<string>());
        Assert.True(legacy.CopyDataToTopLevel);
    }

    [Fact]
    public async Task Write_LegacyRulesField_IsAccepted()
    {
        var response = await _vault.WriteAsync("sys/policy/legacy", new JsonObject { ["rules"] = Hcl });
        Assert.Equal(["'rules' is deprecated, please use 'policy' instead"], response!.Warnings);
        Assert.Equal(Hcl, VaultAssert.Ok(await _vault.ReadAsync("sys/policies/acl/legacy"))["policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_JsonAndBase64_AreAccepted()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/acl/json", new JsonObject { ["policy"] = """{"path":{"kv/*":{"capabilities":["read"]}}}""" }));
        var base64 = Convert.ToBase64String(global::System.Text.Encoding.UTF8.GetBytes(Hcl));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/acl/b64", new JsonObject { ["policy"] = base64 }));
    }

    [Fact]
    public async Task Write_MalformedHcl_Is400WithLineAndColumnAndWritesNothing()
    {
        var response = await _vault.WriteAsync("sys/policies/acl/bad", new JsonObject { ["policy"] = "path \"a/*\" {\n  capabilities [\"read\"]\n}" });

        VaultAssert.ErrorContaining(response, 400, "line 2");
        Assert.Contains("column", response!.Errors![0], StringComparison.Ordinal);
        VaultAssert.Error(await _vault.ReadAsync("sys/policies/acl/bad"), 404);
    }

    [Fact]
    public async Task Write_UnknownCapability_Is400()
    {
        VaultAssert.ErrorContaining(
            await _vault.WriteAsync("sys/policies/acl/typo", new JsonObject { ["policy"] = """path "a" { capabilities = ["reed"] }""" }),
            400,
            "reed");
    }

    [Fact]
    public async Task Write_Empty_Is400()
    {
        VaultAssert.Error(await _vault.WriteAsync("sys/policies/acl/empty", new JsonObject { ["policy"] = "" }), 400, "'policy' parameter not supplied or empty");
    }

    [Theory]
    [InlineData("root")]
    [InlineData("ROOT")]
    [InlineData("ro\u200Bot")]
    public async Task Write_AnySpellingOfRoot_Is400(string name)
    {
        VaultAssert.ErrorContaining(await _vault.WriteAsync($"sys/policies/acl/{name}", new JsonObject { ["policy"] = Hcl }), 400, "root");
    }

    [Fact]
    public async Task Write_MixedCaseName_IsStoredLowerCasedWithWarning()
    {
        var response = await _vault.WriteAsync("sys/policies/acl/MyApp", new JsonObject { ["policy"] = Hcl });

        Assert.Contains("myapp", Assert.Single(response!.Warnings), StringComparison.Ordinal);
        VaultAssert.Ok(await _vault.ReadAsync("sys/policies/acl/myapp"));
    }

    [Fact]
    public async Task List_IncludesRootAndDefault()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/acl/app", new JsonObject { ["policy"] = Hcl }));

        var keys = VaultAssert.Ok(await _vault.ListAsync("sys/policies/acl/"))["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(["app", "default", "root"], keys);
        var legacy = VaultAssert.Ok(await _vault.ReadAsync("sys/policy"));
        Assert.Equal(["app", "default", "root"], legacy["policies"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_DefaultOrRoot_Is400_OthersGo()
    {
        VaultAssert.ErrorContaining(await _vault.DeleteAsync("sys/policies/acl/default"), 400, "default");
        VaultAssert.ErrorContaining(await _vault.DeleteAsync("sys/policy/root"), 400, "root");
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/acl/gone", new JsonObject { ["policy"] = Hcl }));
        VaultAssert.NoContent(await _vault.DeleteAsync("sys/policies/acl/gone"));
        VaultAssert.Error(await _vault.ReadAsync("sys/policies/acl/gone"), 404);
    }

    [Fact]
    public async Task Default_ReadsAsBuiltInUntilEdited()
    {
        var text = VaultAssert.Ok(await _vault.ReadAsync("sys/policies/acl/default"))["policy"]!.GetValue<string>();
        Assert.Contains("auth/token/lookup-self", text, StringComparison.Ordinal);
    }
}
