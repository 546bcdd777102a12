using System.Diagnostics;

namespace Serverless.Vault.Load.Running;

/// <summary>Closed loop: <c>workers</c> callers, each sending its next request as soon as the last one answered.</summary>
internal static class ClosedLoop
{
    public static async Task RunAsync(LoadMix mix, int workers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetElapsedTime(start) < duration && !cancellationToken.IsCancellationRequested)
            {
                await mix.ExecuteAsync(Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
