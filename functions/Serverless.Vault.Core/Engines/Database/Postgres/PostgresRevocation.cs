using Npgsql;

namespace Serverless.Vault.Core.Engines.Database.Postgres;

/// <summary>
/// Vault's default revocation for PostgreSQL: revoke what the role was granted (schemas found in the catalog, plus
/// public), revoke CONNECT on the current database, drop the role; all in one transaction. Every identifier is quoted.
/// </summary>
internal static class PostgresRevocation
{
    /// <summary>
    /// Schemas in which the role holds a table or sequence privilege or schema usage. Read from the catalog's ACLs rather
    /// than information_schema, which only shows grants to roles the (super)user is a member of.
    /// </summary>
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

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static async Task<bool> RoleExistsAsync(NpgsqlConnection session, string username, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", session) { Parameters = { new() { Value = username } } };
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public static async Task RevokeAndDropAsync(NpgsqlConnection session, string username, CancellationToken cancellationToken)
    {
        var schemas = new SortedSet<string>(StringComparer.Ordinal) { "public" };
        await using (var command = new NpgsqlCommand(GrantedSchemasQuery, session) { Parameters = { new() { Value = username } } })
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

        var user = Quote(username);
        var queries = new List<string>();
        foreach (var schema in schemas.Select(Quote))
        {
            queries.Add($"REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA {schema} FROM {user}");
            queries.Add($"REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA {schema} FROM {user}");
            queries.Add($"REVOKE USAGE ON SCHEMA {schema} FROM {user}");
        }

        queries.Add($"REVOKE CONNECT ON DATABASE {Quote(database)} FROM {user}");
        queries.Add($"DROP ROLE IF EXISTS {user}");

        await using var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var query in queries)
        {
            await using var command = new NpgsqlCommand(query, session, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
