using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

/// <summary>Issued credentials through the pipeline's lease manager: the lease id it returns revokes the user.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseLeaseFlowTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RevokeLease_ThroughSysLeases_DropsUser()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("flow", "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';", new JsonObject { ["default_ttl"] = "1h" });

        var response = await vault.ReadAsync("database/creds/flow");

        var username = VaultAssert.Ok(response)["username"]!.GetValue<string>();
        Assert.StartsWith("database/creds/flow/", response!.LeaseId, StringComparison.Ordinal);
        Assert.Equal(3600, response.LeaseDuration);
        Assert.True(response.Renewable);
        Assert.True(await postgres.RoleExistsAsync(username));
        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = response.LeaseId }));
        Assert.False(await postgres.RoleExistsAsync(username));
    }
}
