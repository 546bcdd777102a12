using System.Collections.Concurrent;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// Cancellation sources for request deadlines, reused across requests: a new linked source with its own timer per
/// request cost about a quarter of a microsecond and ~250 bytes. A source is reused only when nothing cancelled it and
/// its timer cannot be about to fire, so a request never inherits an earlier request's cancellation.
/// </summary>
internal sealed class DeadlineSources
{
    /// <summary>Idle sources kept: about the requests one instance runs at once; beyond that they are dropped.</summary>
    private const int MaxIdle = 256;

    /// <summary>
    /// A source whose request ran this close to its deadline is dropped: its timer may already be firing, and a reset
    /// cannot stop a callback that has started. Timers never fire early, so anything that finished sooner is safe.
    /// </summary>
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<CancellationTokenSource> _idle = new();
    private int _idleCount;

    /// <summary>A source that cancels after <paramref name="deadline"/>; hand it back with <see cref="Return"/>.</summary>
    public CancellationTokenSource Rent(TimeSpan deadline)
    {
        if (!_idle.TryDequeue(out var source))
        {
            source = new CancellationTokenSource();
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
        }

        source.CancelAfter(deadline);
        return source;
    }

    /// <summary>Takes back a source rented <paramref name="elapsed"/> ago; one that was cancelled or ran long is disposed.</summary>
    public void Return(CancellationTokenSource source, TimeSpan elapsed, TimeSpan deadline)
    {
        // TryReset stops the timer and drops the registrations; it fails once the source was cancelled.
        if (elapsed < deadline - ReuseMargin && source.TryReset())
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        source.Dispose();
    }
}
