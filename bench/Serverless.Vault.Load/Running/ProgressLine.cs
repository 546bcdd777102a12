using System.Diagnostics;
using System.Globalization;

namespace Serverless.Vault.Load.Running;

/// <summary>A live progress line, overwritten with \r once a second: elapsed time and each test's count and rate so far.</summary>
internal static class ProgressLine
{
    public static async Task RunAsync(LoadMix mix, TimeSpan duration, TextWriter output, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await output.WriteAsync(Line(mix, Stopwatch.GetElapsedTime(start), duration)).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
        }
    }

    private static string Line(LoadMix mix, TimeSpan elapsed, TimeSpan duration)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var tests = mix.Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Stats.Name} {e.Stats.Count} ({e.Stats.Count / seconds:F0}/s)"));
        return string.Create(CultureInfo.InvariantCulture, $"\r[{elapsed.TotalSeconds,5:F0}s/{duration.TotalSeconds:F0}s] {string.Join(" | ", tests)}   ");
    }
}
