using System.Diagnostics;
using Serverless.Vault.Load.Measurement;

namespace Serverless.Vault.Load.Running;

/// <summary>
/// Picks a test for each request by weight and runs it, recording latency from a given start (scheduled or actual).
/// The picks follow a fixed smooth weighted round-robin cycle of 1,000 slots, so every short run covers every test in
/// its exact proportions and the tests interleave evenly (no random streaks).
/// </summary>
internal sealed class LoadMix
{
    private const int Slots = 1000;
    private readonly LoadEntry[] _entries;
    private readonly int[] _cycle = new int[Slots];
    private long _next = -1;

    public LoadMix(IReadOnlyList<LoadEntry> entries)
    {
        _entries = [.. entries];
        var total = _entries.Sum(e => e.Weight);
        var current = new double[_entries.Length];
        for (var slot = 0; slot < Slots; slot++)
        {
            var best = 0;
            for (var i = 0; i < _entries.Length; i++)
            {
                current[i] += _entries[i].Weight;
                best = current[i] > current[best] ? i : best;
            }

            current[best] -= total;
            _cycle[slot] = best;
        }
    }

    public IReadOnlyList<LoadEntry> Entries => _entries;

    public LoadEntry Pick() => _entries[_cycle[(int)((ulong)Interlocked.Increment(ref _next) % Slots)]];

    /// <summary>Runs one request of a picked test; latency counts from <paramref name="fromTimestamp"/>, service time from the actual send.</summary>
    public async Task ExecuteAsync(long fromTimestamp, CancellationToken cancellationToken)
    {
        var entry = Pick();
        var sent = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            await entry.Test.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            error = e.GetType().Name + ": " + e.Message;
        }

        var done = Stopwatch.GetTimestamp();
        entry.Stats.Record(Nanos(done - fromTimestamp), Nanos(done - sent), error);
    }

    /// <summary>Records a request that was due but never sent (the drain limit passed) as a failure.</summary>
    public void RecordUnsent(long scheduledTimestamp) =>
        Pick().Stats.Record(Nanos(Stopwatch.GetTimestamp() - scheduledTimestamp), 0, "not sent: still queued when the drain limit passed");

    public static long Nanos(long ticks) => (long)(ticks * (1e9 / Stopwatch.Frequency));
}
