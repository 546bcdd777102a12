using System.Collections.Concurrent;

namespace Serverless.Vault.Bench.Database;

/// <summary>
/// Issued, not yet revoked credentials, so a revoke side times revocation alone. The issue side adds to it; before each
/// revoke run it is topped up, untimed, to twice what the last run took (at least <see cref="MinimumTarget"/>); after
/// an issue run anything over <see cref="Cap"/> is revoked, so the server's role count stays bounded. Should a timed
/// revoke still find it empty, it issues inline and, after the warm-up, counts a stock-out (printed: such a slice is
/// slower than it looks).
/// </summary>
internal sealed class RevokeStock<T>(Func<CancellationToken, Task<T>> issue, Func<T, CancellationToken, Task> revoke, int initialTarget)
{
    private const int MinimumTarget = 64;
    private const int Cap = 2_000;

    private readonly ConcurrentQueue<T> _stock = new();
    private int _target = Math.Max(initialTarget, MinimumTarget);
    private int _taken;
    private int _runs;
    private long _stockOuts;

    public long StockOuts => Interlocked.Read(ref _stockOuts);

    public void Add(T item) => _stock.Enqueue(item);

    public async ValueTask TopUpAsync(CancellationToken cancellationToken)
    {
        while (_stock.Count < _target)
        {
            _stock.Enqueue(await issue(cancellationToken).ConfigureAwait(false));
        }

        _taken = 0;
    }

    /// <summary>The timed operation: revoke one stocked credential.</summary>
    public async ValueTask RevokeOneAsync(CancellationToken cancellationToken)
    {
        if (!_stock.TryDequeue(out var item))
        {
            if (Volatile.Read(ref _runs) > 0)
            {
                Interlocked.Increment(ref _stockOuts);
            }

            item = await issue(cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _taken);
        await revoke(item, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask AfterRevokeRunAsync(CancellationToken cancellationToken)
    {
        _target = Math.Max(MinimumTarget, 2 * Volatile.Read(ref _taken));
        Interlocked.Increment(ref _runs);
        return ValueTask.CompletedTask;
    }

    public async ValueTask TrimAsync(CancellationToken cancellationToken)
    {
        while (_stock.Count > Cap && _stock.TryDequeue(out var item))
        {
            await revoke(item, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Revokes everything left, at the end of the run.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_stock.TryDequeue(out var item))
        {
            await revoke(item, cancellationToken).ConfigureAwait(false);
        }
    }
}
