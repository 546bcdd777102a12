using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseRootRotationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RotateRoot_AdminUser_OldPasswordFailsAndEngineKeepsWorking()
    {
        var admin = Unique("admin");
        await postgres.ExecuteAsync($"CREATE ROLE \"{admin}\" LOGIN CREATEROLE PASSWORD 'first-password'");
        using var vault = await WithDatabaseAsync(postgres);
        var body = ConfigBody(postgres);
        body["username"] = admin;
        body["password"] = "first-password";
        VaultAssert.NoContent(await vault.WriteAsync("database/config/pg", body));
        await vault.WriteRoleAsync("r", "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';");
        _ = await vault.CredsAsync("r");

        VaultAssert.NoContent(await vault.WriteAsync("database/rotate-root/pg"));

        Assert.False(await postgres.CanLoginAsync(admin, "first-password"));
        var (username, password) = await vault.CredsAsync("r");
        Assert.True(await postgres.CanLoginAsync(username, password));
        Assert.DoesNotContain("first-password", VaultAssert.Ok(await vault.ReadAsync("database/config/pg")).ToJsonString(), StringComparison.Ordinal);
        await postgres.ExecuteAsync($"DROP ROLE IF EXISTS \"{username}\"; DROP ROLE IF EXISTS \"{admin}\"");
    }

    [Fact]
    public async Task Reset_RotationCutShortAfterDatabaseChange_AdoptsPendingPassword()
    {
        var admin = Unique("admin");
        await postgres.ExecuteAsync($"CREATE ROLE \"{admin}\" LOGIN CREATEROLE PASSWORD 'first-password'");
        using var vault = await WithDatabaseAsync(postgres);
        var body = ConfigBody(postgres);
        body["username"] = admin;
        body["password"] = "first-password";
        VaultAssert.NoContent(await vault.WriteAsync("database/config/pg", body));
        await vault.WriteRoleAsync("r", "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';");
        // What a rotate-root leaves when it dies between the database change and the final write.
        var storage = new StorageView(vault.Get<IBarrier>().Storage, $"logical/{await vault.MountUuidAsync("database")}/");
        var (config, entry) = await StoredJson.ReadAsync<ConnectionConfigRecord>(storage, DatabaseStorageKeys.ConfigPrefix + "pg", CancellationToken.None);
        await storage.PutAsync(DatabaseStorageKeys.ConfigPrefix + "pg", StoredJson.Serialize(config! with { PendingPassword = "second-Password-1" }), PutCondition.IfMatch(entry!.ETag), CancellationToken.None);
        await postgres.ExecuteAsync($"ALTER ROLE \"{admin}\" PASSWORD 'second-Password-1'");

        VaultAssert.NoContent(await vault.WriteAsync("database/reset/pg"));

        var (username, password) = await vault.CredsAsync("r");
        Assert.True(await postgres.CanLoginAsync(username, password));
        await postgres.ExecuteAsync($"DROP ROLE IF EXISTS \"{username}\"; DROP ROLE IF EXISTS \"{admin}\"");
    }
}
