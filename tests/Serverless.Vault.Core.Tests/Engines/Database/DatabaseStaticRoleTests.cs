using System.Text.Json.Nodes;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseStaticRoleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Create_StaticRole_RotatesRealPasswordAtOnce()
    {
        var user = await CreateUserAsync();
        using var vault = await WithDatabaseAsync(postgres);

        VaultAssert.NoContent(await vault.WriteAsync("database/static-roles/app", Body(user)));

        var creds = VaultAssert.Ok(await vault.ReadAsync("database/static-creds/app"));
        var password = creds["password"]!.GetValue<string>();
        Assert.Equal(user, creds["username"]!.GetValue<string>());
        Assert.Equal(3600, creds["rotation_period"]!.GetValue<long>());
        Assert.InRange(creds["ttl"]!.GetValue<long>(), 3590, 3600);
        Assert.NotNull(creds["last_vault_rotation"]);
        Assert.False(await postgres.CanLoginAsync(user, "initial"));
        Assert.True(await postgres.CanLoginAsync(user, password));
        var role = VaultAssert.Ok(await vault.ReadAsync("database/static-roles/app"));
        Assert.False(role.ContainsKey("password"));
        await postgres.ExecuteAsync($"DROP ROLE \"{user}\"");
    }

    [Fact]
    public async Task RotateRole_Existing_ChangesPasswordAndOldOneFails()
    {
        var user = await CreateUserAsync();
        using var vault = await WithDatabaseAsync(postgres);
        VaultAssert.NoContent(await vault.WriteAsync("database/static-roles/app", Body(user)));
        var first = await PasswordAsync(vault);

        VaultAssert.NoContent(await vault.WriteAsync("database/rotate-role/app"));

        var second = await PasswordAsync(vault);
        Assert.NotEqual(first, second);
        Assert.False(await postgres.CanLoginAsync(user, first));
        Assert.True(await postgres.CanLoginAsync(user, second));
        await postgres.ExecuteAsync($"DROP ROLE \"{user}\"");
    }

    [Fact]
    public async Task Job_PeriodPassed_RotatesOnlyDueRoles()
    {
        var user = await CreateUserAsync();
        using var vault = await WithDatabaseAsync(postgres);
        var body = Body(user);
        body["rotation_period"] = "10s";
        VaultAssert.NoContent(await vault.WriteAsync("database/static-roles/app", body));
        var first = await PasswordAsync(vault);
        var job = Assert.Single(vault.Get<IEnumerable<IVaultJob>>().OfType<DatabaseStaticRotationJob>());

        await job.RunAsync(CancellationToken.None);
        Assert.Equal(first, await PasswordAsync(vault));
        vault.Time.Advance(TimeSpan.FromSeconds(11));
        await job.RunAsync(CancellationToken.None);

        var second = await PasswordAsync(vault);
        Assert.NotEqual(first, second);
        Assert.True(await postgres.CanLoginAsync(user, second));
        Assert.False(await postgres.CanLoginAsync(user, first));
        await postgres.ExecuteAsync($"DROP ROLE \"{user}\"");
    }

    [Fact]
    public async Task Create_UserMissingInDatabase_Returns400AndStoresNothing()
    {
        using var vault = await WithDatabaseAsync(postgres);

        VaultAssert.ErrorContaining(await vault.WriteAsync("database/static-roles/ghost", Body(Unique("ghost"))), 400, "does not exist");

        NotFound(await vault.ReadAsync("database/static-roles/ghost"));
        VaultAssert.Error(await vault.ReadAsync("database/static-creds/ghost"), 400, "unknown role: ghost");
    }

    [Fact]
    public async Task Create_ShortPeriod_Returns400()
    {
        using var vault = await WithDatabaseAsync(postgres);
        var body = Body("whoever");
        body["rotation_period"] = "4s";

        VaultAssert.Error(await vault.WriteAsync("database/static-roles/fast", body), 400, "rotation_period must be 5 seconds or more");
    }

    [Fact]
    public async Task ListAndDelete_StaticRole_RemovesIt()
    {
        var user = await CreateUserAsync();
        using var vault = await WithDatabaseAsync(postgres);
        VaultAssert.NoContent(await vault.WriteAsync("database/static-roles/app", Body(user)));

        Assert.Equal("app", Assert.Single(VaultAssert.Ok(await vault.ListAsync("database/static-roles"))["keys"]!.AsArray())!.GetValue<string>());
        VaultAssert.NoContent(await vault.DeleteAsync("database/static-roles/app"));

        NotFound(await vault.ReadAsync("database/static-roles/app"));
        await postgres.ExecuteAsync($"DROP ROLE \"{user}\"");
    }

    private async Task<string> CreateUserAsync()
    {
        var user = Unique("static");
        await postgres.ExecuteAsync($"CREATE ROLE \"{user}\" LOGIN PASSWORD 'initial'");
        return user;
    }

    private static JsonObject Body(string user) => new() { ["db_name"] = "pg", ["username"] = user, ["rotation_period"] = "1h" };

    private static async Task<string> PasswordAsync(TestVault vault) =>
        VaultAssert.Ok(await vault.ReadAsync("database/static-creds/app"))["password"]!.GetValue<string>();
}
