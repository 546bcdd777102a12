using System.Runtime.InteropServices;
using Serverless.Vault.Bench.Measurement;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Bench.Database;

/// <summary>
/// Issue 6: dynamic credentials per second against raw Npgsql CREATE ROLE + GRANT on the same PostgreSQL in the same
/// run, and the storage writes one issue and one revoke cost.
/// </summary>
internal static class DatabaseBenchmarks
{
    private const string VaultIssue = "core  GET database/creds/bench (RequestHandler)";
    private const string RawIssue = "raw   Npgsql CREATE ROLE + GRANT (1 tx)";
    private const string VaultRevoke = "core  PUT sys/leases/revoke (RequestHandler, sync)";
    private const string RawRevoke = "raw   Npgsql REVOKE ... + DROP ROLE (engine's default)";

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var postgres = new PostgresFixture();
        try
        {
            await postgres.InitializeAsync().ConfigureAwait(false);
            WriteHeader(options, postgres, output);
            using var vault = await DatabaseVault.StartAsync(cancellationToken).ConfigureAwait(false);
            await vault.SetUpAsync(postgres.Port, postgres.Password, cancellationToken).ConfigureAwait(false);
            await using var raw = new RawPostgres(postgres.ConnectionString);
            var rolesBefore = await raw.RoleCountAsync(cancellationToken).ConfigureAwait(false);
            await CheckAsync(vault, raw, cancellationToken).ConfigureAwait(false);

            var stocks = new DatabaseStocks(vault, raw, options);
            var result = await ComparisonRunner.RunAsync(Comparison(vault, raw, stocks), options, output, cancellationToken).ConfigureAwait(false);
            await stocks.DrainAsync(cancellationToken).ConfigureAwait(false);
            var counted = await WriteCountPass.RunAsync(vault, cancellationToken).ConfigureAwait(false);

            ReportTable.Write(output, [result]);
            counted.Write(output);
            var rolesAfter = await raw.RoleCountAsync(cancellationToken).ConfigureAwait(false);
            output.WriteLine();
            output.WriteLine($"revoke stock-outs in timed slices (a revoke that had to issue first; should be 0): vault {stocks.Vault.StockOuts}, raw {stocks.Raw.StockOuts}");
            var verdict = rolesAfter == rolesBefore ? "every role made was revoked" : "ROLES LEFT BEHIND";
            output.WriteLine($"pg_roles: {rolesBefore} before the run, {rolesAfter} after ({verdict})");
            return rolesAfter == rolesBefore ? 0 : 1;
        }
        finally
        {
            await postgres.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One comparison, four sides, one caller each. Issue sides put what they make into their side's
    /// <see cref="RevokeStock{T}"/>; revoke sides take from it, so revocation is timed on its own and pg_roles stays
    /// bounded. Stocking, trimming and the final drain are untimed.
    /// </summary>
    private static Comparison Comparison(DatabaseVault vault, RawPostgres raw, DatabaseStocks stocks) =>
        new(
            "1. Credentials per second: the engine vs raw Npgsql on the same server (one caller each)",
            [
                new(VaultIssue, async ct => stocks.Vault.Add(await vault.IssueAsync(ct).ConfigureAwait(false)), 1, 1) { AfterRun = stocks.Vault.TrimAsync },
                new(RawIssue, async ct => stocks.Raw.Add(await raw.CreateAsync(ct).ConfigureAwait(false)), 1, 1) { AfterRun = stocks.Raw.TrimAsync },
                new(VaultRevoke, stocks.Vault.RevokeOneAsync, 1, 1) { BeforeRun = stocks.Vault.TopUpAsync, AfterRun = stocks.Vault.AfterRevokeRunAsync },
                new(RawRevoke, stocks.Raw.RevokeOneAsync, 1, 1) { BeforeRun = stocks.Raw.TopUpAsync, AfterRun = stocks.Raw.AfterRevokeRunAsync },
            ],
            [
                Ratio.Of("1. vault issue / raw CREATE ROLE + GRANT, throughput", RatioKind.Throughput, 0.7, VaultIssue, RawIssue),
                Ratio.Of("1a vault revoke / raw REVOKE + DROP ROLE, throughput", RatioKind.Throughput, null, VaultRevoke, RawRevoke),
            ]);

    /// <summary>Every hot loop is checked once to do what its name says before it is timed.</summary>
    private static async Task CheckAsync(DatabaseVault vault, RawPostgres raw, CancellationToken cancellationToken)
    {
        var issued = await vault.IssueAsync(cancellationToken).ConfigureAwait(false);
        Require(await raw.RoleExistsAsync(issued.Username, cancellationToken).ConfigureAwait(false), $"issued user {issued.Username} is not in pg_roles");
        await vault.RevokeAsync(issued.LeaseId, cancellationToken).ConfigureAwait(false);
        Require(!await raw.RoleExistsAsync(issued.Username, cancellationToken).ConfigureAwait(false), $"revoked user {issued.Username} is still in pg_roles");
        var name = await raw.CreateAsync(cancellationToken).ConfigureAwait(false);
        Require(await raw.RoleExistsAsync(name, cancellationToken).ConfigureAwait(false), $"raw role {name} is not in pg_roles");
        await raw.DropAsync(name, cancellationToken).ConfigureAwait(false);
        Require(!await raw.RoleExistsAsync(name, cancellationToken).ConfigureAwait(false), $"dropped raw role {name} is still in pg_roles");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("benchmark self-check failed: " + message);
        }
    }

    private static void WriteHeader(BenchOptions options, PostgresFixture postgres, TextWriter output)
    {
        output.WriteLine($"Serverless Vault database benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        output.WriteLine($"postgres: {postgres.BinDirectory} on 127.0.0.1:{postgres.Port} (fsync off, as the test fixture runs it)");
        output.WriteLine($"settings: {options.Rounds} rounds x {options.SideDuration.TotalSeconds:0.#} s per side, {options.WarmUp.TotalSeconds:0.#} s warm-up, one caller per side, pool of 4 connections on both sides");
        output.WriteLine();
    }
}
