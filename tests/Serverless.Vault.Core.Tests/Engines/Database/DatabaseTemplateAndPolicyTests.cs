using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

/// <summary>A config's username_template and password_policy shape the users the engine makes on a real server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseTemplateAndPolicyTests(PostgresFixture postgres)
{
    private const string LoginOnly = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';";

    private const string Policy = """
        length = 30
        rule "charset" {
          charset = "abcdef"
          min-chars = 2
        }
        rule "charset" {
          charset = "0123"
          min-chars = 2
        }
        """;

    private const string PolicyPattern = "^[abcdef0123]{30}$";

    [Fact]
    public async Task Creds_CustomUsernameTemplate_NamesTheUser_AndTheUserLogsIn()
    {
        using var vault = await WithDatabaseAsync(postgres);
        // Upper case, '.' and '"': the name only works because the engine quotes it everywhere.
        const string template = "{{ printf \"App.%s\\\"%s\" (.RoleName | uppercase | truncate 6) (random 10) }}";
        await WriteConfigAsync(vault, new JsonObject { ["username_template"] = template });
        await vault.WriteRoleAsync("report-role", LoginOnly);

        var (username, password) = await vault.CredsAsync("report-role");

        Assert.Matches("^App\\.REPORT\"[A-Za-z0-9]{10}$", username);
        Assert.True(await postgres.RoleExistsAsync(username));
        Assert.True(await postgres.CanLoginAsync(username, password));
        Assert.Equal(template, VaultAssert.Ok(await vault.ReadAsync("database/config/pg"))["connection_details"]!["username_template"]!.GetValue<string>());
        await postgres.ExecuteAsync($"DROP ROLE \"{username.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
    }

    [Theory]
    [InlineData("{{ .DisplayName", "invalid username_template: template: position")]
    [InlineData("{{ .DisplayName | reverse }}", "function \"reverse\" not defined")]
    [InlineData("{{ .Path }}", "unknown field .Path")]
    [InlineData("{{ .RoleName | truncate 0 }}", "max length must be > 0")]
    public async Task Config_BadUsernameTemplate_Returns400AndKeepsTheOldConfig(string template, string fragment)
    {
        using var vault = await WithDatabaseAsync(postgres);

        VaultAssert.ErrorContaining(await vault.WriteAsync("database/config/pg", Body(new JsonObject { ["username_template"] = template })), 400, fragment);

        Assert.Equal("", VaultAssert.Ok(await vault.ReadAsync("database/config/pg"))["connection_details"]!["username_template"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creds_TemplateRendersOver63Bytes_Returns400AndMakesNoUser()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await WriteConfigAsync(vault, new JsonObject { ["username_template"] = "toolong-{{ random 60 }}" });
        await vault.WriteRoleAsync("r", LoginOnly);

        VaultAssert.ErrorContaining(await vault.ReadAsync("database/creds/r"), 400, "68-byte username");

        Assert.Equal(0L, await postgres.ScalarAsync("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'toolong-%'"));
    }

    [Fact]
    public async Task Creds_PasswordPolicy_GeneratesThePassword_AndTheUserLogsIn()
    {
        using var vault = await WithPolicyAsync();
        await vault.WriteRoleAsync("r", LoginOnly);

        for (var i = 0; i < 3; i++)
        {
            var (username, password) = await vault.CredsAsync("r");
            Assert.Matches(PolicyPattern, password);
            Assert.True(password.Count(c => c is >= 'a' and <= 'f') >= 2 && password.Count(c => c is >= '0' and <= '3') >= 2, password);
            Assert.True(await postgres.CanLoginAsync(username, password));
            await postgres.ExecuteAsync($"DROP ROLE \"{username}\"");
        }

        Assert.Equal("db-policy", VaultAssert.Ok(await vault.ReadAsync("database/config/pg"))["password_policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task StaticRole_PasswordPolicy_GeneratesTheRotatedPassword()
    {
        var user = Unique("static");
        await postgres.ExecuteAsync($"CREATE ROLE \"{user}\" LOGIN PASSWORD 'initial'");
        using var vault = await WithPolicyAsync();

        VaultAssert.NoContent(await vault.WriteAsync("database/static-roles/app", new JsonObject { ["db_name"] = "pg", ["username"] = user, ["rotation_period"] = "1h" }));
        var first = VaultAssert.Ok(await vault.ReadAsync("database/static-creds/app"))["password"]!.GetValue<string>();
        VaultAssert.NoContent(await vault.WriteAsync("database/rotate-role/app"));
        var second = VaultAssert.Ok(await vault.ReadAsync("database/static-creds/app"))["password"]!.GetValue<string>();

        Assert.Matches(PolicyPattern, first);
        Assert.Matches(PolicyPattern, second);
        Assert.NotEqual(first, second);
        Assert.True(await postgres.CanLoginAsync(user, second));
        VaultAssert.NoContent(await vault.DeleteAsync("database/static-roles/app"));
        await postgres.ExecuteAsync($"DROP ROLE \"{user}\"");
    }

    [Fact]
    public async Task RotateRoot_PasswordPolicy_GeneratesTheNewRootPassword()
    {
        var admin = Unique("admin");
        await postgres.ExecuteAsync($"CREATE ROLE \"{admin}\" LOGIN CREATEROLE PASSWORD 'first-password'");
        using var vault = await WithPolicyAsync();
        await WriteConfigAsync(vault, new JsonObject { ["username"] = admin, ["password"] = "first-password", ["password_policy"] = "db-policy" });

        VaultAssert.NoContent(await vault.WriteAsync("database/rotate-root/pg"));

        var storage = new StorageView(vault.Get<IBarrier>().Storage, $"logical/{await vault.MountUuidAsync("database")}/");
        var (config, _) = await StoredJson.ReadAsync<ConnectionConfigRecord>(storage, DatabaseStorageKeys.ConfigPrefix + "pg", CancellationToken.None);
        Assert.Matches(PolicyPattern, config!.Password);
        Assert.True(await postgres.CanLoginAsync(admin, config.Password));
        Assert.False(await postgres.CanLoginAsync(admin, "first-password"));
        await postgres.ExecuteAsync($"DROP ROLE \"{admin}\"");
    }

    [Fact]
    public async Task Config_UnknownPasswordPolicy_Returns400()
    {
        using var vault = await WithDatabaseAsync(postgres);

        VaultAssert.ErrorContaining(await vault.WriteAsync("database/config/pg", Body(new JsonObject { ["password_policy"] = "missing" })), 400, "password policy \"missing\" does not exist");

        Assert.Equal("", VaultAssert.Ok(await vault.ReadAsync("database/config/pg"))["password_policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creds_PolicyDeletedAfterConfig_Returns400()
    {
        using var vault = await WithPolicyAsync();
        await vault.WriteRoleAsync("r", LoginOnly);
        VaultAssert.NoContent(await vault.DeleteAsync("sys/policies/password/db-policy"));

        VaultAssert.ErrorContaining(await vault.ReadAsync("database/creds/r"), 400, "password policy \"db-policy\" does not exist");
    }

    private async Task<TestVault> WithPolicyAsync()
    {
        var vault = await WithDatabaseAsync(postgres);
        VaultAssert.NoContent(await vault.WriteAsync("sys/policies/password/db-policy", new JsonObject { ["policy"] = Policy }));
        await WriteConfigAsync(vault, new JsonObject { ["password_policy"] = "db-policy" });
        return vault;
    }

    /// <summary>Writes the fixture's config with these fields on top; no warnings come back.</summary>
    private async Task WriteConfigAsync(TestVault vault, JsonObject extra) =>
        VaultAssert.NoContent(await vault.WriteAsync("database/config/pg", Body(extra)));

    private JsonObject Body(JsonObject extra)
    {
        var body = ConfigBody(postgres);
        foreach (var (key, value) in extra)
        {
            body[key] = value?.DeepClone();
        }

        return body;
    }
}
