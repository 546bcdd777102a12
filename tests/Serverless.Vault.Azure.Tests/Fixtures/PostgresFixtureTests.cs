using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Azure.Tests.Fixtures;

public sealed class PostgresFixtureTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Server_QueriedWithThePassword_Answers()
    {
        var result = await RunPsqlAsync(postgres.Password, "SELECT 1");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("1", result.Output.Trim());
    }

    [Fact]
    public async Task Server_QueriedWithAWrongPassword_RefusesTheLogin()
    {
        var result = await RunPsqlAsync("wrong-" + postgres.Password, "SELECT 1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("password authentication failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionString_NamesTheLoopbackServer()
    {
        Assert.Contains($"Host=127.0.0.1;Port={postgres.Port};", postgres.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"Password={postgres.Password}", postgres.ConnectionString, StringComparison.Ordinal);
    }

    private Task<ProcessResult> RunPsqlAsync(string password, string sql) =>
        ProcessRunner.RunAsync(
            Path.Combine(postgres.BinDirectory, "psql"),
            ["-h", "127.0.0.1", "-p", postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
             "-d", "postgres", "-w", "-X", "-t", "-A", "-c", sql],
            TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string> { ["PGPASSWORD"] = password });
}
