using Npgsql;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Engines.Database.Postgres;

namespace Serverless.Vault.Core.Tests.Engines.Database;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Parse_Url_ReadsEveryPart()
    {
        var builder = PostgresConnectionString.Parse("postgresql://vault%40x:p%40ss%3Aw@db.local:6543/app?sslmode=disable&connect_timeout=3&ignored=1");

        Assert.Equal(("db.local", 6543, "vault@x", "p@ss:w", "app", SslMode.Disable, 3), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode, builder.Timeout));
    }

    [Fact]
    public void Parse_Keywords_ReadsQuotedValues()
    {
        var builder = PostgresConnectionString.Parse("host=h port = 5433 user=u password='a b\\'c' dbname=d sslmode=verify-full");

        Assert.Equal(("h", 5433, "u", "a b'c", "d", SslMode.VerifyFull, 5), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode, builder.Timeout));
    }

    [Fact]
    public async Task DataSources_ChangedPassword_ReplacesAndDisposesOldPool()
    {
        using var sources = new PostgresDataSources();
        var connection = new DatabaseConnection { Key = "m/pg", Name = "pg", ConnectionUrl = "host=127.0.0.1 user=u password=one", MaxOpenConnections = 7 };

        var first = sources.Get(connection);
        var same = sources.Get(connection with { });
        var second = sources.Get(connection with { ConnectionUrl = "host=127.0.0.1 user=u password=two", Password = "two" });

        Assert.Same(first, same);
        Assert.NotSame(first, second);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(second.ConnectionString).MaxPoolSize);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await first.OpenConnectionAsync());
    }

    [Fact]
    public void DataSources_MaxIdleConnections_KeepsThatManyAndPrunesTheRestQuickly()
    {
        using var sources = new PostgresDataSources();
        var connection = new DatabaseConnection { Key = "m/idle", Name = "idle", ConnectionUrl = "host=127.0.0.1 user=u password=p", MaxOpenConnections = 6, MaxIdleConnections = 2 };

        var settings = new NpgsqlConnectionStringBuilder(sources.Get(connection).ConnectionString);
        var unbounded = new NpgsqlConnectionStringBuilder(sources.Get(connection with { Key = "m/all", MaxIdleConnections = 0 }).ConnectionString);

        Assert.Equal((6, 2, PostgresDataSources.IdleLifetimeSeconds), (settings.MaxPoolSize, settings.MinPoolSize, settings.ConnectionIdleLifetime));
        Assert.True(settings.ConnectionPruningInterval < settings.ConnectionIdleLifetime);
        Assert.Equal(0, unbounded.MinPoolSize);
    }

    [Fact]
    public void Scrub_Message_RemovesPasswordAndConnectionString()
    {
        var connection = new DatabaseConnection { Key = "k", Name = "pg", ConnectionUrl = "host=h password=pa ss", Password = "pa ss" };

        Assert.Equal("failed: ***** and *****", connection.Scrub("failed: host=h password=pa ss and pa ss"));
        Assert.DoesNotContain("pa ss", connection.ToString(), StringComparison.Ordinal);
    }
}
