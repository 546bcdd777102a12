using System.Diagnostics;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Config;
using Serverless.Vault.Load.Measurement;
using Serverless.Vault.Load.Reporting;

namespace Serverless.Vault.Load.Running;

/// <summary>
/// One run: set every test up in config order, send the weighted mix for the duration (open or closed loop) with a
/// progress line, then clean up (each test, then the mounts its context made) unless cleanup is off, and report.
/// </summary>
internal sealed class LoadRunner(LoadConfig config, TextWriter progress)
{
    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        using var client = config.Tests.Any(t => TestCatalog.NeedsVault(t.Type)) ? new VaultClient(new Uri(config.Address), config.Token) : null;
        var prepared = new List<(TestConfig Config, ILoadTest Test, LoadContext Context)>();
        try
        {
            foreach (var test in config.Tests)
            {
                var context = new LoadContext(client, test);
                var instance = TestCatalog.Create(test.Type);
                prepared.Add((test, instance, context));
                await progress.WriteLineAsync($"setting up {test.DisplayName}").ConfigureAwait(false);
                await instance.SetupAsync(context, cancellationToken).ConfigureAwait(false);
            }

            return await MeasureAsync(prepared.Select(p => new LoadEntry(p.Config.Weight, p.Test, new TestStats(p.Config.DisplayName))).ToList(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (config.Cleanup)
            {
                await CleanupAsync(prepared).ConfigureAwait(false);
            }
        }
    }

    private async Task<LoadReport> MeasureAsync(IReadOnlyList<LoadEntry> entries, CancellationToken cancellationToken)
    {
        var mix = new LoadMix(entries);
        var duration = config.DurationSpan;
        var startedAt = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var line = ProgressLine.RunAsync(mix, duration, progress, stopProgress.Token);
        if (config.Rate is { } rate)
        {
            var drain = TimeSpan.FromSeconds(Math.Max(10, duration.TotalSeconds));
            await OpenLoop.RunAsync(mix, rate, config.Workers, duration, drain, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ClosedLoop.RunAsync(mix, config.Workers, duration, cancellationToken).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        await stopProgress.CancelAsync().ConfigureAwait(false);
        await line.ConfigureAwait(false);
        var results = entries.Select(e => e.Stats.Snapshot(elapsed, config.Workers)).ToList();
        return new LoadReport
        {
            StartedAt = startedAt,
            Address = config.Address,
            Mode = config.Rate is null ? "closed" : "open",
            Rate = config.Rate,
            Workers = config.Workers,
            DurationSeconds = duration.TotalSeconds,
            ElapsedSeconds = elapsed.TotalSeconds,
            Tests = results,
            Ratios = Ratios.Evaluate(config.Ratios, results),
        };
    }

    // Cleanup is not abandoned on cancellation: what setup mounted is removed even after Ctrl+C. A test's own cleanup
    // failing (e.g. after a half-done setup) does not keep its mounts from being removed.
    private async Task CleanupAsync(List<(TestConfig Config, ILoadTest Test, LoadContext Context)> prepared)
    {
        foreach (var (test, instance, context) in Enumerable.Reverse(prepared))
        {
            await TryAsync(test, () => instance.CleanupAsync(CancellationToken.None)).ConfigureAwait(false);
            if (TestCatalog.NeedsVault(test.Type))
            {
                await TryAsync(test, () => context.CleanupAsync(CancellationToken.None)).ConfigureAwait(false);
            }
        }
    }

    private async Task TryAsync(TestConfig test, Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await progress.WriteLineAsync($"cleanup of {test.DisplayName} failed: {e.Message}").ConfigureAwait(false);
        }
    }
}
