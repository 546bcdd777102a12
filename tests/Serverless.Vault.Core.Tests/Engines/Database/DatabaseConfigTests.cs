using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseConfigTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Read_WrittenConfig_ReturnsDetailsWithoutPassword()
    {
        using var vault = await WithDatabaseAsync(postgres, "readonly,app-*");

        var response = await vault.ReadAsync("database/config/pg");

        var data = VaultAssert.Ok(response);
        Assert.Equal(Plugin, data["plugin_name"]!.GetValue<string>());
        Assert.Equal(["readonly", "app-*"], data["allowed_roles"]!.AsArray().Select(n => n!.GetValue<string>()));
        var details = data["connection_details"]!.AsObject();
        Assert.Equal("postgres", details["username"]!.GetValue<string>());
        Assert.Equal(4, details["max_open_connections"]!.GetValue<int>());
        Assert.Contains("{{password}}", details["connection_url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(data["verify_connection"]!.GetValue<bool>());
        Assert.DoesNotContain(postgres.Password, data.ToJsonString(), StringComparison.Ordinal);
        Assert.False(details.ContainsKey("password"));
    }

    [Fact]
    public async Task Write_WrongPassword_Returns400WithReasonButNoPassword()
    {
        using var vault = await WithDatabaseAsync(postgres);
        var body = ConfigBody(postgres);
        body["password"] = "wrong-" + postgres.Password;

        var response = await vault.WriteAsync("database/config/bad", body);

        VaultAssert.ErrorContaining(response, 400, "password authentication failed");
        Assert.DoesNotContain(postgres.Password, string.Join(" ", response!.Errors!), StringComparison.Ordinal);
        NotFound(await vault.ReadAsync("database/config/bad"));
    }

    [Fact]
    public async Task Write_UnreachableServerWithPasswordInUrl_Returns400WithoutPassword()
    {
        using var vault = await WithDatabaseAsync(postgres);
        var body = new JsonObject
        {
            ["plugin_name"] = Plugin,
            ["connection_url"] = $"host=127.0.0.1 port={FreePort.Next()} user=postgres password=s3cret-in-url dbname=postgres",
        };

        var response = await vault.WriteAsync("database/config/down", body);

        VaultAssert.ErrorContaining(response, 400, "error verifying connection");
        Assert.DoesNotContain("s3cret-in-url", string.Join(" ", response!.Errors!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_UnknownPlugin_Returns400()
    {
        using var vault = await WithDatabaseAsync(postgres);
        var body = ConfigBody(postgres);
        body["plugin_name"] = "mysql-database-plugin";

        VaultAssert.ErrorContaining(await vault.WriteAsync("database/config/other", body), 400, "unsupported plugin_name");
    }

    [Fact]
    public async Task ListAndDelete_Config_RemovesIt()
    {
        using var vault = await WithDatabaseAsync(postgres);

        var keys = VaultAssert.Ok(await vault.ListAsync("database/config"))["keys"]!.AsArray();
        Assert.Equal("pg", Assert.Single(keys)!.GetValue<string>());
        VaultAssert.NoContent(await vault.DeleteAsync("database/config/pg"));

        NotFound(await vault.ReadAsync("database/config/pg"));
        VaultAssert.ErrorContaining(await vault.WriteAsync("database/reset/pg"), 400, "failed to find entry");
    }

    [Fact]
    public async Task Reset_ExistingConfig_KeepsIssuingCredentials()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("r", "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';");

        VaultAssert.NoContent(await vault.WriteAsync("database/reset/pg"));

        var (username, password) = await vault.CredsAsync("r");
        Assert.True(await postgres.CanLoginAsync(username, password));
        await postgres.ExecuteAsync($"DROP ROLE \"{username}\"");
    }

    [Fact]
    public async Task Write_KeywordFormWithoutEscaping_VerifiesAndIssues()
    {
        using var vault = await WithDatabaseAsync(postgres);
        var body = ConfigBody(postgres);
        body["connection_url"] = $"host=127.0.0.1 port={postgres.Port} user={{{{username}}}} password='{{{{password}}}}' dbname=postgres sslmode=disable";
        body["disable_escaping"] = true;
        body["max_open_connections"] = 2;

        VaultAssert.NoContent(await vault.WriteAsync("database/config/keywords", body));

        var details = VaultAssert.Ok(await vault.ReadAsync("database/config/keywords"))["connection_details"]!.AsObject();
        Assert.Equal(2, details["max_open_connections"]!.GetValue<int>());
        Assert.True(details["disable_escaping"]!.GetValue<bool>());
    }
}
