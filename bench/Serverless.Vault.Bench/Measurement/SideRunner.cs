using System.Diagnostics;

namespace Serverless.Vault.Bench.Measurement;

/// <summary>Runs a side in a closed loop, bounded by both a time and an operation count.</summary>
internal static class SideRunner
{
    /// <summary>Items done and the time they took, the time including the wait for the last calls in flight.</summary>
    public static async Task<(double Items, TimeSpan Elapsed)> RunAsync(Side side, TimeSpan duration, long maxOperations, CancellationToken cancellationToken)
    {
        long started = 0;
        var clock = Stopwatch.StartNew();
        var workers = new Task[side.Workers];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(
                async () =>
                {
                    // A claimed slot past the cap is counted but not run; see the Math.Min below.
                    while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= maxOperations)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await side.Operation(cancellationToken).ConfigureAwait(false);
                    }
                },
                cancellationToken);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var completed = Math.Min(Interlocked.Read(ref started), maxOperations);
        return ((double)completed * side.ItemsPerOperation, elapsed);
    }
}
