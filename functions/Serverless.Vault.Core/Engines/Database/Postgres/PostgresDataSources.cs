using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Serverless.Vault.Core.Engines.Database.Postgres;

/// <summary>
/// One small pool per connection configuration, shared by every request on this instance. A pool is keyed by mount
/// and config name and tagged with a hash of everything it was built from (root password included), so a changed
/// configuration or rotated root password builds a new pool and disposes the old one.
/// </summary>
internal sealed class PostgresDataSources : IDisposable
{
    /// <summary>How long a connection above max_idle_connections may sit idle before the pool closes it.</summary>
    internal const int IdleLifetimeSeconds = 10;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public NpgsqlDataSource Get(DatabaseConnection connection)
    {
        var hash = Hash(connection);
        if (_entries.TryGetValue(connection.Key, out var current) && current.Hash == hash)
        {
            return current.Source;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(connection.Key, out current) && current.Hash == hash)
            {
                return current.Source;
            }

            var source = Build(connection);
            _entries[connection.Key] = new Entry(hash, source);
            current?.Source.Dispose();
            return source;
        }
    }

    /// <summary>Closes the idle connections of a configuration's pool (they may be dead after a server restart).</summary>
    public void Clear(DatabaseConnection connection)
    {
        if (_entries.TryGetValue(connection.Key, out var entry))
        {
            entry.Source.Clear();
        }
    }

    public void Forget(string key)
    {
        if (_entries.TryRemove(key, out var entry))
        {
            entry.Source.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var key in _entries.Keys)
        {
            Forget(key);
        }
    }

    private static NpgsqlDataSource Build(DatabaseConnection connection)
    {
        var builder = PostgresConnectionString.Parse(connection.ConnectionUrl);
        if (string.IsNullOrEmpty(builder.Username) && connection.Username.Length > 0)
        {
            builder.Username = connection.Username;
        }

        if (string.IsNullOrEmpty(builder.Password) && connection.Password.Length > 0)
        {
            builder.Password = connection.Password;
        }

        builder.MaxPoolSize = connection.MaxOpenConnections > 0 ? connection.MaxOpenConnections : 4;
        if (connection.MaxIdleConnections > 0 && connection.MaxIdleConnections < builder.MaxPoolSize)
        {
            // Npgsql has no "max idle": it keeps MinPoolSize connections and closes idle ones beyond that once they have
            // been idle for ConnectionIdleLifetime. A short lifetime makes that Go's SetMaxIdleConns, give or take seconds.
            builder.MinPoolSize = connection.MaxIdleConnections;
            builder.ConnectionIdleLifetime = IdleLifetimeSeconds;
            builder.ConnectionPruningInterval = IdleLifetimeSeconds / 2;
        }

        if (connection.MaxConnectionLifetime > TimeSpan.Zero)
        {
            builder.ConnectionLifetime = (int)connection.MaxConnectionLifetime.TotalSeconds;
        }

        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    private static string Hash(DatabaseConnection connection)
    {
        var text = string.Join(
            '\n',
            connection.ConnectionUrl,
            connection.Username,
            connection.Password,
            connection.MaxOpenConnections,
            connection.MaxIdleConnections,
            connection.MaxConnectionLifetime.Ticks);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private sealed record Entry(string Hash, NpgsqlDataSource Source);
}
