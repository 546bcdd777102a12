namespace Serverless.Vault.Bench.Measurement;

/// <summary>
/// Warms every side up, then runs rounds. A round gives each side the same time, cut into slices that alternate
/// between the sides (order rotated per slice), so a neighbour's burst of load lands on subject and baseline alike.
/// </summary>
internal static class ComparisonRunner
{
    public static async Task<ComparisonResult> RunAsync(Comparison comparison, BenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var sides = comparison.Sides;
        await progress.WriteLineAsync($"== {comparison.Title}").ConfigureAwait(false);
        foreach (var side in sides)
        {
            await PrepareAsync(side, cancellationToken).ConfigureAwait(false);
            await SideRunner.RunAsync(side, options.WarmUp, options.MaxOperationsPerSide, cancellationToken).ConfigureAwait(false);
            await CleanUpAsync(side, cancellationToken).ConfigureAwait(false);
        }

        var slice = options.SideDuration / options.SlicesPerRound;
        var rates = sides.ToDictionary(s => s.Name, _ => new List<double>());
        var ratios = comparison.Ratios.ToDictionary(r => r, _ => new List<double>());
        for (var round = 0; round < options.Rounds; round++)
        {
            var items = sides.ToDictionary(s => s.Name, _ => 0.0);
            var time = sides.ToDictionary(s => s.Name, _ => TimeSpan.Zero);
            for (var s = 0; s < options.SlicesPerRound; s++)
            {
                for (var i = 0; i < sides.Count; i++)
                {
                    var side = sides[(i + s + round) % sides.Count];
                    await PrepareAsync(side, cancellationToken).ConfigureAwait(false);
                    var (done, elapsed) = await SideRunner.RunAsync(side, slice, options.MaxOperationsPerSide, cancellationToken).ConfigureAwait(false);
                    items[side.Name] += done;
                    time[side.Name] += elapsed;
                    await CleanUpAsync(side, cancellationToken).ConfigureAwait(false);
                }
            }

            var thisRound = sides.ToDictionary(s => s.Name, s => items[s.Name] / time[s.Name].TotalSeconds);
            foreach (var side in sides)
            {
                rates[side.Name].Add(thisRound[side.Name]);
            }

            foreach (var ratio in comparison.Ratios)
            {
                ratios[ratio].Add(ratio.Compute(thisRound));
            }

            await progress.WriteLineAsync($"   round {round + 1}/{options.Rounds}: "
                + string.Join(", ", sides.Select(s => $"{s.Name.Trim()} {thisRound[s.Name]:N0}/s"))).ConfigureAwait(false);
        }

        return new ComparisonResult(
            comparison,
            rates.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value),
            ratios.ToDictionary(p => p.Key, p => (IReadOnlyList<double>)p.Value));
    }

    private static async Task PrepareAsync(Side side, CancellationToken cancellationToken)
    {
        if (side.BeforeRun is { } beforeRun)
        {
            await beforeRun(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CleanUpAsync(Side side, CancellationToken cancellationToken)
    {
        if (side.AfterRun is { } afterRun)
        {
            await afterRun(cancellationToken).ConfigureAwait(false);
        }
    }
}
