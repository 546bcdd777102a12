using System.Net.Sockets;
using Npgsql;

namespace Serverless.Vault.Core.Engines.Database.Postgres;

/// <summary>Turns driver errors into <see cref="DatabasePluginException"/>s with the secrets scrubbed out.</summary>
internal static class PostgresErrors
{
    /// <summary>
    /// Runs <paramref name="operation"/>; when it fails because the connection was lost (a server restart leaves dead
    /// connections in the pool), the pool is cleared and the operation runs once more on a fresh connection. Every
    /// operation is a transaction or idempotent, so running it again is safe.
    /// </summary>
    public static async Task GuardAsync(DatabaseConnection connection, Action clearPool, Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(clearPool);
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            await operation().ConfigureAwait(false);
            return;
        }
        catch (NpgsqlException error) when (IsConnectionLost(error))
        {
            clearPool();
        }
        catch (Exception error) when (Translate(connection, error) is { } translated)
        {
            throw translated;
        }

        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception error) when (Translate(connection, error) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The driver's error as a <see cref="DatabasePluginException"/> with secrets scrubbed; null for other errors.</summary>
    private static DatabasePluginException? Translate(DatabaseConnection connection, Exception error) => error switch
    {
        PostgresException postgres =>
            new DatabasePluginException(connection.Scrub($"{postgres.SqlState}: {postgres.MessageText}")) { Unreachable = IsConnectionState(postgres.SqlState) },
        NpgsqlException npgsql => new DatabasePluginException(connection.Scrub(npgsql.Message + Detail(npgsql))) { Unreachable = true },
        ArgumentException or FormatException or KeyNotFoundException =>
            new DatabasePluginException(connection.Scrub($"invalid connection_url: {error.Message}")),
        _ => null,
    };

    private static string Detail(NpgsqlException error) =>
        error.InnerException is { } inner and (SocketException or TimeoutException or IOException) ? $": {inner.Message}" : "";

    /// <summary>A pooled connection that died under us (server restarted or closed it), as opposed to a refused connect.</summary>
    private static bool IsConnectionLost(NpgsqlException error) =>
        error is PostgresException postgres ? postgres.SqlState is "57P01" or "57P02" or "08006" or "08003"
        : error.InnerException is IOException or EndOfStreamException;

    /// <summary>08 connection exception, 28 invalid authorization, 57P operator intervention (shutdown, starting up).</summary>
    private static bool IsConnectionState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("28", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal);
}
