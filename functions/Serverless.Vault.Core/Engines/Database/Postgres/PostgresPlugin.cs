using Npgsql;

namespace Serverless.Vault.Core.Engines.Database.Postgres;

/// <summary>postgresql-database-plugin: users are roles, made and removed with the role's SQL statements.</summary>
internal sealed class PostgresPlugin(PostgresDataSources dataSources) : IDatabasePlugin
{
    public const string PluginName = "postgresql-database-plugin";

    private static readonly string[] DefaultRenew = ["ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}';"];
    private static readonly string[] DefaultSetPassword = ["ALTER ROLE \"{{username}}\" WITH PASSWORD '{{password}}';"];

    public string Name => PluginName;

    public Task VerifyConnectionAsync(DatabaseConnection connection, CancellationToken cancellationToken) =>
        PostgresErrors.GuardAsync(connection, () => dataSources.Clear(connection), async () =>
        {
            await using var session = await dataSources.Get(connection).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", session);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        });

    public Task CreateUserAsync(DatabaseConnection connection, NewDatabaseUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var values = Values(user.Username, user.Password, user.Expiration);
        return PostgresErrors.GuardAsync(connection, () => dataSources.Clear(connection), async () =>
        {
            try
            {
                await RunInTransactionAsync(connection, user.CreationStatements, values, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The transaction rolled back what it could; the rollback statements undo what DDL outside it did.
                await RollbackAsync(connection, user, values).ConfigureAwait(false);
                throw;
            }
        });
    }

    public Task RevokeUserAsync(DatabaseConnection connection, string username, IReadOnlyList<string> statements, CancellationToken cancellationToken) =>
        PostgresErrors.GuardAsync(connection, () => dataSources.Clear(connection), async () =>
        {
            var source = dataSources.Get(connection);
            await using var session = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!await PostgresRevocation.RoleExistsAsync(session, username, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (statements.Count == 0)
            {
                await PostgresRevocation.RevokeAndDropAsync(session, username, cancellationToken).ConfigureAwait(false);
                return;
            }

            await RunInTransactionAsync(session, statements, Values(username, null, null), cancellationToken).ConfigureAwait(false);
        });

    public Task RenewUserAsync(DatabaseConnection connection, string username, DateTimeOffset expiration, IReadOnlyList<string> statements, CancellationToken cancellationToken) =>
        PostgresErrors.GuardAsync(connection, () => dataSources.Clear(connection), () =>
            RunInTransactionAsync(connection, statements.Count > 0 ? statements : DefaultRenew, Values(username, null, expiration), cancellationToken));

    public Task SetPasswordAsync(DatabaseConnection connection, string username, string password, IReadOnlyList<string> statements, CancellationToken cancellationToken) =>
        PostgresErrors.GuardAsync(connection, () => dataSources.Clear(connection), () =>
            RunInTransactionAsync(connection, statements.Count > 0 ? statements : DefaultSetPassword, Values(username, password, null), cancellationToken));

    public void Forget(string connectionKey) => dataSources.Forget(connectionKey);

    private static Dictionary<string, string> Values(string username, string? password, DateTimeOffset? expiration)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = username, ["username"] = username };
        if (password is not null)
        {
            values["password"] = password;
        }

        if (expiration is { } time)
        {
            values["expiration"] = StatementTemplate.Expiration(time);
        }

        return values;
    }

    private async Task RunInTransactionAsync(
        DatabaseConnection connection, IReadOnlyList<string> statements, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        await using var session = await dataSources.Get(connection).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await RunInTransactionAsync(session, statements, values, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RunInTransactionAsync(
        NpgsqlConnection session, IReadOnlyList<string> statements, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        var queries = StatementTemplate.Queries(statements).Select(query => StatementTemplate.Render(query, values)).ToList();
        await using var transaction = await session.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var query in queries)
        {
            await using var command = new NpgsqlCommand(query, session, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Best effort and never cancelled: the creation error is what the caller must see.</summary>
    private async Task RollbackAsync(DatabaseConnection connection, NewDatabaseUser user, Dictionary<string, string> values)
    {
        try
        {
            await using var session = await dataSources.Get(connection).OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            if (user.RollbackStatements.Count == 0)
            {
                if (await PostgresRevocation.RoleExistsAsync(session, user.Username, CancellationToken.None).ConfigureAwait(false))
                {
                    await PostgresRevocation.RevokeAndDropAsync(session, user.Username, CancellationToken.None).ConfigureAwait(false);
                }

                return;
            }

            foreach (var query in StatementTemplate.Queries(user.RollbackStatements))
            {
                await using var command = new NpgsqlCommand(StatementTemplate.Render(query, values), session);
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or Framework.VaultException)
        {
            // Nothing more can be done here: the database is unreachable or the rollback statements are wrong.
        }
    }
}
