using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using Serverless.Vault.Client.Caching;
using Serverless.Vault.Client.Database;

namespace Serverless.Vault.Client.Npgsql;

/// <summary>
/// A data source whose connections log in with a database role's dynamic credentials, always inside their lease.
/// It holds one Npgsql pool per set of credentials: when the credentials are replaced (before their lease ends), new
/// connections come from a new pool and the old one is retired without touching the connections still open on it.
/// A login refused by PostgreSQL (the lease was revoked, the user dropped) is retried once with new credentials.
/// </summary>
public sealed class VaultNpgsqlDataSource : DbDataSource
{
    // PostgreSQL's invalid_password and invalid_authorization_specification.
    private static readonly HashSet<string> AuthenticationFailures = ["28P01", "28000"];

    private readonly LeasedCredentialCache _cache;
    private readonly DynamicDatabaseCredentials _credentials;
    private readonly string _connectionString;
    private readonly VaultNpgsqlDataSourceOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<InnerDataSource> _retired = [];
    private readonly HashSet<string> _retiredLeases = new(StringComparer.Ordinal);
    private InnerDataSource? _current;
    private int _disposed;

    private VaultNpgsqlDataSource(VaultClient client, string connectionString, string role, VaultNpgsqlDataSourceOptions options)
    {
        _connectionString = connectionString;
        _options = options;
        _loggers = client.Loggers;
        _logger = client.Loggers.CreateLogger<VaultNpgsqlDataSource>();
        _cache = new LeasedCredentialCache(client, options.Cache);
        _credentials = _cache.DatabaseCredentials(role, options.Mount);
        _cache.Replaced += OnReplaced;
    }

    /// <summary>The connection string given, which names no user or password.</summary>
    public override string ConnectionString => _connectionString;

    public string Role => _credentials.Role;

    /// <summary>The user new connections log in as, once the first connection was asked for.</summary>
    internal string? CurrentUsername => _current?.Username;

    /// <summary>
    /// A data source for <paramref name="role"/> of the database engine at <see cref="VaultNpgsqlDataSourceOptions.Mount"/>.
    /// <paramref name="connectionString"/> names the server and database but no user or password.
    /// </summary>
    public static VaultNpgsqlDataSource Create(VaultClient client, string connectionString, string role, VaultNpgsqlDataSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(role);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(settings.Username) || !string.IsNullOrEmpty(settings.Password))
        {
            throw new ArgumentException(
                "The connection string must not name a user or password: they come from the vault's database role. Remove Username and Password.",
                nameof(connectionString));
        }

        return new VaultNpgsqlDataSource(client, connectionString, role, options ?? new VaultNpgsqlDataSourceOptions());
    }

    /// <summary>An open connection with valid credentials; a refused login is retried once with new ones.</summary>
    public new async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var retriedLogin = false;
        while (true)
        {
            var inner = await CurrentAsync(cancellationToken).ConfigureAwait(false);
            var connection = inner.CreateConnection();
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (PostgresException refused) when (!retriedLogin && AuthenticationFailures.Contains(refused.SqlState))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                NpgsqlLog.Refused(_logger, inner.Username, refused.SqlState, inner.LeaseId);
                _credentials.Invalidate(inner.LeaseId);
                retriedLogin = true;
            }
            catch (ObjectDisposedException) when (Volatile.Read(ref _disposed) == 0)
            {
                // The pool was retired and disposed between picking it and opening: the current one serves.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Blocks on <see cref="OpenConnectionAsync"/>: prefer the asynchronous form.</summary>
    public new NpgsqlConnection OpenConnection() => OpenConnectionAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// An unopened connection of the current pool. Open it promptly: it cannot switch credentials, and a refused
    /// login is not retried (use <see cref="OpenConnectionAsync"/> for that).
    /// </summary>
    public new NpgsqlConnection CreateConnection() => CurrentAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().CreateConnection();

    protected override DbConnection CreateDbConnection() => CreateConnection();

    protected override DbConnection OpenDbConnection() => OpenConnection();

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsyncCore().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _cache.Replaced -= OnReplaced;
        List<InnerDataSource> pools;
        lock (_gate)
        {
            pools = [.. _retired];
            if (_current is not null)
            {
                pools.Add(_current);
            }

            _current = null;
            _retired.Clear();
        }

        // The pools close before the leases may be revoked (RevokeOnDispose drops the users).
        foreach (var pool in pools)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }

        await _cache.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<InnerDataSource> CurrentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        return Use(credentials);
    }

    /// <summary>The pool of these credentials, switching to it when they are newer than the current pool's.</summary>
    private InnerDataSource Use(DatabaseCredentials credentials)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

            // A caller that read the credentials just before they were replaced must not switch back to them.
            if (_current is not null && (_current.LeaseId == credentials.Lease.Id || _retiredLeases.Contains(credentials.Lease.Id)))
            {
                return _current;
            }

            var previous = _current;
            _current = Build(credentials);
            NpgsqlLog.Switched(_logger, Role, credentials.Username, credentials.Lease.Id);
            if (previous is not null)
            {
                _retiredLeases.Add(previous.LeaseId);
                _retired.RemoveAll(static pool => pool.IsDisposed);
                _retired.Add(previous);
                previous.Retire();
            }

            return _current;
        }
    }

    private InnerDataSource Build(DatabaseCredentials credentials)
    {
        var builder = new NpgsqlDataSourceBuilder(_connectionString);
        builder.UseLoggerFactory(_loggers);
        _options.ConfigureDataSource?.Invoke(builder);
        builder.ConnectionStringBuilder.Username = credentials.Username;
        builder.ConnectionStringBuilder.Password = credentials.Password;
        return new InnerDataSource(builder.Build(), credentials.Lease.Id, credentials.Username, _logger);
    }

    private void OnReplaced(object? sender, LeasedCredentialReplacedEventArgs replaced)
    {
        if (replaced.Key == _credentials.Key)
        {
            _ = SwitchAsync();
        }
    }

    /// <summary>Moves new connections to the replaced credentials at once, rather than on the next open.</summary>
    private async Task SwitchAsync()
    {
        try
        {
            await CurrentAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // Nobody awaits this switch; disposed meanwhile, there is nothing to switch.
            if (Volatile.Read(ref _disposed) == 0)
            {
                NpgsqlLog.SwitchFailed(_logger, error, Role);
            }
        }
    }
}
