using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using Serverless.Vault.Core.Engines.Database;

namespace Serverless.Vault.Bench.Database;

/// <summary>
/// The baseline: what the engine asks of PostgreSQL, written directly against Npgsql. A pool of 4 (the engine's default
/// max_open_connections), the role's two queries in one transaction, and for revocation the engine's default revoke:
/// existence check, granted-schema lookup, current_database(), then REVOKE ... and DROP ROLE in one transaction.
/// </summary>
internal sealed class RawPostgres : IAsyncDisposable
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string PasswordAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";

    // Same catalog query as the engine's PostgresRevocation (internal there, so copied).
    private const string GrantedSchemasQuery = """
        SELECT DISTINCT n.nspname FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          CROSS JOIN LATERAL aclexplode(c.relacl) a
          WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
        UNION
        SELECT n.nspname FROM pg_namespace n
          CROSS JOIN LATERAL aclexplode(n.nspacl) a
          WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
        """;

    private readonly NpgsqlDataSource _source;

    public RawPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 4, SslMode = SslMode.Disable };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>CREATE ROLE with a random name and password, then GRANT SELECT, in one transaction; returns the name.</summary>
    public async Task<string> CreateAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var name = "raw-bench-" + RandomNumberGenerator.GetString(Alphabet, 20) + "-" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 20);
        var expiration = StatementTemplate.Expiration(now.AddHours(1));
        await using var session = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(session, transaction, $"CREATE ROLE \"{name}\" WITH LOGIN PASSWORD '{password}' VALID UNTIL '{expiration}'", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(session, transaction, $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{name}\"", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>The engine's default revocation of one role, statement for statement.</summary>
    public async Task DropAsync(string name, CancellationToken cancellationToken)
    {
        await using var session = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await RoleExistsAsync(session, name, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"raw role {name} does not exist");
        }

        var schemas = new SortedSet<string>(StringComparer.Ordinal) { "public" };
        await using (var command = new NpgsqlCommand(GrantedSchemasQuery, session) { Parameters = { new() { Value = name } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                schemas.Add(reader.GetString(0));
            }
        }

        string database;
        await using (var command = new NpgsqlCommand("SELECT current_database()", session))
        {
            database = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var user = Quote(name);
        await using var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var schema in schemas.Select(Quote))
        {
            await ExecuteAsync(session, transaction, $"REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA {schema} FROM {user}", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(session, transaction, $"REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA {schema} FROM {user}", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(session, transaction, $"REVOKE USAGE ON SCHEMA {schema} FROM {user}", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(session, transaction, $"REVOKE CONNECT ON DATABASE {Quote(database)} FROM {user}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(session, transaction, $"DROP ROLE IF EXISTS {user}", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For the self-checks: whether a role of this name exists now.</summary>
    public async Task<bool> RoleExistsAsync(string name, CancellationToken cancellationToken)
    {
        await using var session = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await RoleExistsAsync(session, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Roles in pg_roles, to show that the run left none behind.</summary>
    public async Task<long> RoleCountAsync(CancellationToken cancellationToken)
    {
        await using var session = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_roles", session);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static async Task<bool> RoleExistsAsync(NpgsqlConnection session, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", session) { Parameters = { new() { Value = name } } };
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection session, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, session, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
