using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.PasswordPolicies;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.PasswordPolicies;

/// <summary>sys/policies/password as clients call it, and the passwords it generates.</summary>
public sealed class PasswordPolicyPathsTests : IAsyncLifetime
{
    private const string Hcl = """
        length = 24
        rule "charset" {
          charset = "abcdefghijklmnopqrstuvwxyz"
          min-chars = 2
        }
        rule "charset" {
          charset = "0123456789"
          min-chars = 3
        }
        rule "charset" {
          charset = "!@#"
          min-chars = 1
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
    public async Task Write_Read_List_Delete()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/password/app", new JsonObject { ["policy"] = Hcl }));
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/password/other", new JsonObject
        {
            ["policy"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Hcl)),
        }));

        Assert.Equal(Hcl, VaultAssert.Ok(await _vault.ReadAsync("sys/policies/password/app"))["policy"]!.GetValue<string>());
        Assert.Equal(Hcl, VaultAssert.Ok(await _vault.ReadAsync("sys/policies/password/other"))["policy"]!.GetValue<string>());
        var keys = VaultAssert.Ok(await _vault.ListAsync("sys/policies/password"))["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(["app", "other"], keys);

        VaultAssert.NoContent(await _vault.DeleteAsync("sys/policies/password/app"));
        Assert.Equal(404, (await _vault.ReadAsync("sys/policies/password/app"))?.StatusCode);
        VaultAssert.ErrorContaining(await _vault.ReadAsync("sys/policies/password/app/generate"), 400, "password policy \"app\" does not exist");
    }

    [Fact]
    public async Task Policies_AreStoredBehindTheBarrier()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/password/app", new JsonObject { ["policy"] = Hcl }));

        Assert.Contains(PasswordPolicyStore.Prefix + "app", await _vault.PhysicalKeysAsync(PasswordPolicyStore.Prefix));
        var raw = await _vault.Physical.GetAsync(PasswordPolicyStore.Prefix + "app", CancellationToken.None);
        Assert.DoesNotContain("min-chars", Encoding.UTF8.GetString(raw!.Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ManySamples_AllSatisfyTheRules()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/password/app", new JsonObject { ["policy"] = Hcl }));
        var seen = new HashSet<char>();
        for (var i = 0; i < 300; i++)
        {
            var password = VaultAssert.Ok(await _vault.ReadAsync("sys/policies/password/app/generate"))["password"]!.GetValue<string>();
            Assert.Equal(24, password.Length);
            Assert.Matches("^[a-z0-9!@#]{24}$", password);
            Assert.True(password.Count(char.IsAsciiLetterLower) >= 2, password);
            Assert.True(password.Count(char.IsAsciiDigit) >= 3, password);
            Assert.True(password.Count(c => c is '!' or '@' or '#') >= 1, password);
            seen.UnionWith(password);
        }

        // Uniform over the union: every one of the 39 characters turns up in 7,200 draws.
        Assert.Equal(39, seen.Count);
    }

    [Fact]
    public async Task Json_IsAccepted()
    {
        const string json = """{"length": 8, "rule": [{"charset": {"charset": "AB", "min-chars": 8}}]}""";
        VaultAssert.NoContent(await _vault.WriteAsync("sys/policies/password/json", new JsonObject { ["policy"] = json }));

        var password = VaultAssert.Ok(await _vault.ReadAsync("sys/policies/password/json/generate"))["password"]!.GetValue<string>();

        Assert.Matches("^[AB]{8}$", password);
    }

    [Theory]
    [InlineData("length = 3\nrule \"charset\" { charset = \"abc\" }", "length must be between 4 and 100, got 3")]
    [InlineData("length = 101\nrule \"charset\" { charset = \"abc\" }", "length must be between 4 and 100, got 101")]
    [InlineData("rule \"charset\" { charset = \"abc\" }", "length must be between 4 and 100, got 0")]
    [InlineData("length = 20", "no rules")]
    [InlineData("length = 20\nrule \"charset\" { charset = \"\" }", "non-empty charset")]
    [InlineData("length = 5\nrule \"charset\" { charset = \"a\" min-chars = 3 }\nrule \"charset\" { charset = \"b\" min-chars = 3 }", "the rules require at least 6 characters, more than the length 5")]
    [InlineData("length = 20\nrule \"symbols\" { charset = \"abc\" }", "unrecognized rule type \"symbols\"")]
    [InlineData("length = 20\nrule \"charset\" { charset = \"abc\" min_chars = 1 }", "unknown key \"min_chars\"")]
    [InlineData("length = \"many\"\nrule \"charset\" { charset = \"abc\" }", "\"length\" must be a non-negative integer")]
    [InlineData("length = 20\nrule \"charset\" { charset = \"abc\"", "expected '}'")]
    [InlineData("   ", "missing policy")]
    public async Task BadPolicies_Return400(string policy, string fragment)
    {
        VaultAssert.ErrorContaining(await _vault.WriteAsync("sys/policies/password/bad", new JsonObject { ["policy"] = policy }), 400, fragment);
        Assert.Equal(404, (await _vault.ReadAsync("sys/policies/password/bad"))?.StatusCode);
    }

    [Fact]
    public async Task List_WhenEmpty_Is404() => Assert.Equal(404, (await _vault.ListAsync("sys/policies/password"))?.StatusCode);
}
