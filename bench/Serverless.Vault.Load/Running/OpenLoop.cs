using System.Diagnostics;
using System.Threading.Channels;

namespace Serverless.Vault.Load.Running;

/// <summary>
/// Open loop: request i is due at start + i / rate whatever the server does. A scheduler queues each due time; at most
/// <c>workers</c> requests are in flight; latency counts from the due time, so time spent waiting in the queue behind
/// a slow server is measured (no coordinated omission). After the duration no new requests are due; the queue drains
/// until <c>drain</c> has passed, and what is still queued then is recorded as failed.
/// </summary>
internal static class OpenLoop
{
    public static async Task RunAsync(LoadMix mix, double rate, int workers, TimeSpan duration, TimeSpan drain, CancellationToken cancellationToken)
    {
        var due = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true });
        var start = Stopwatch.GetTimestamp();
        var drainUntil = start + (long)((duration + drain).TotalSeconds * Stopwatch.Frequency);
        var consumers = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await foreach (var scheduled in due.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Stopwatch.GetTimestamp() > drainUntil)
                {
                    mix.RecordUnsent(scheduled);
                    continue;
                }

                await mix.ExecuteAsync(scheduled, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken)).ToList();

        await ScheduleAsync(due.Writer, start, rate, duration, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(consumers).ConfigureAwait(false);
    }

    private static async Task ScheduleAsync(ChannelWriter<long> writer, long start, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = (long)Math.Floor(rate * duration.TotalSeconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        long next = 0;
        try
        {
            while (next < total)
            {
                var now = Stopwatch.GetTimestamp();
                while (next < total && start + (long)(next * ticksPerRequest) <= now)
                {
                    writer.TryWrite(start + (long)(next * ticksPerRequest));
                    next++;
                }

                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writer.Complete();
        }
    }
}
