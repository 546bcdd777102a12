using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseRoleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Write_StatementsAsStringArrayOrBase64_ReadBackAsArrays()
    {
        using var vault = await WithDatabaseAsync(postgres);
        var base64 = Convert.ToBase64String("GRANT x TO \"{{name}}\"; GRANT y TO \"{{name}}\""u8);

        VaultAssert.NoContent(await vault.WriteAsync("database/roles/r", new JsonObject
        {
            ["db_name"] = "pg",
            ["creation_statements"] = "CREATE ROLE \"{{name}}\"; GRANT z TO \"{{name}}\";",
            ["revocation_statements"] = new JsonArray("DROP ROLE \"{{name}}\""),
            ["renew_statements"] = base64,
            ["default_ttl"] = "1h",
            ["max_ttl"] = 7200,
        }));

        var data = VaultAssert.Ok(await vault.ReadAsync("database/roles/r"));
        Assert.Equal(["CREATE ROLE \"{{name}}\"", "GRANT z TO \"{{name}}\""], Strings(data["creation_statements"]));
        Assert.Equal(["DROP ROLE \"{{name}}\""], Strings(data["revocation_statements"]));
        Assert.Equal(["GRANT x TO \"{{name}}\"", "GRANT y TO \"{{name}}\""], Strings(data["renew_statements"]));
        Assert.Equal(3600, data["default_ttl"]!.GetValue<long>());
        Assert.Equal(7200, data["max_ttl"]!.GetValue<long>());
        Assert.Equal("r", Assert.Single(VaultAssert.Ok(await vault.ListAsync("database/roles"))["keys"]!.AsArray())!.GetValue<string>());
        VaultAssert.NoContent(await vault.DeleteAsync("database/roles/r"));
        NotFound(await vault.ReadAsync("database/roles/r"));
    }

    [Fact]
    public async Task Write_WithoutCreationStatements_Returns400()
    {
        using var vault = await WithDatabaseAsync(postgres);

        VaultAssert.Error(await vault.WriteAsync("database/roles/r", new JsonObject { ["db_name"] = "pg" }), 400, "creation_statements are required");
    }

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];
}
