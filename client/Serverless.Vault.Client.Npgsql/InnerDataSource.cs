using System.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Serverless.Vault.Client.Npgsql;

/// <summary>
/// The Npgsql pool of one set of credentials. Once retired it hands out nothing new, its idle connections are closed
/// (<see cref="NpgsqlDataSource.Clear"/>), and it is disposed when the last connection it opened is closed: Npgsql's
/// Dispose only clears the pool (busy connections are closed on return), but a disposed pool refuses opens and
/// disposes its type-loading lock, so disposal waits for the connections in flight.
/// </summary>
internal sealed class InnerDataSource(NpgsqlDataSource source, string leaseId, string username, ILogger logger)
{
    private readonly Lock _gate = new();
    private int _open;
    private bool _retired;
    private bool _disposed;

    public string LeaseId { get; } = leaseId;

    public string Username { get; } = username;

    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>A connection of this pool whose open and close are counted.</summary>
    public NpgsqlConnection CreateConnection()
    {
        var connection = source.CreateConnection();
        var held = false;
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == ConnectionState.Open && !held)
            {
                held = true;
                Acquire();
            }
            else if (change.CurrentState is ConnectionState.Closed or ConnectionState.Broken && held)
            {
                held = false;
                Release();
            }
        };
        return connection;
    }

    public void Retire()
    {
        source.Clear();
        bool dispose;
        lock (_gate)
        {
            _retired = true;
            dispose = TakeDisposalLocked();
        }

        NpgsqlLog.Retired(logger, Username, LeaseId);
        if (dispose)
        {
            DisposeLater();
        }
    }

    /// <summary>Disposes now, whatever is open (the owning data source is being disposed).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        await source.DisposeAsync().ConfigureAwait(false);
    }

    private void Acquire()
    {
        lock (_gate)
        {
            _open++;
        }
    }

    private void Release()
    {
        bool dispose;
        lock (_gate)
        {
            _open--;
            dispose = TakeDisposalLocked();
        }

        if (dispose)
        {
            DisposeLater();
        }
    }

    private bool TakeDisposalLocked()
    {
        if (!_retired || _open > 0 || _disposed)
        {
            return false;
        }

        _disposed = true;
        return true;
    }

    // Release runs inside the connection's Close, which goes on to return its connector to this pool: the pool is
    // disposed after that, not under it.
    private void DisposeLater() => ThreadPool.QueueUserWorkItem(static self => self.DisposeRetired(), this, preferLocal: false);

    private void DisposeRetired()
    {
        source.Dispose();
        NpgsqlLog.Disposed(logger, Username, LeaseId);
    }
}
