using System.Globalization;

namespace Serverless.Vault.Bench;

/// <summary>How long and how often each side is measured; with the defaults a full transit run takes about seven and a half minutes.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Serverless.Vault.Bench -- transit|database|quotas|audit [--rounds N] [--seconds S] [--warmup S] [--workers W]";

    /// <summary>Rounds per comparison; the table reports the median of the per-round ratios, so an odd count.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>Time each side runs in one round.</summary>
    public TimeSpan SideDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Slices a side's time in a round is cut into, alternating with the other sides; a batch of 100 takes a few ms, so
    /// a 0.5 s slice still holds dozens of calls.
    /// </summary>
    public int SlicesPerRound { get; init; } = 4;

    /// <summary>Time each side runs once, unmeasured, before the rounds (JIT tiering, caches, connections).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Concurrent HTTP callers; in-process sides always run on one thread.</summary>
    public int HttpWorkers { get; init; } = 4;

    /// <summary>Hard cap on operations per side and round, so no loop depends on the clock alone.</summary>
    public long MaxOperationsPerSide { get; init; } = 5_000_000;

    /// <summary>The whole run gives up after this, whatever the settings.</summary>
    public TimeSpan WallClockLimit => TimeSpan.FromMinutes(15);

    public static bool TryParse(ReadOnlySpan<string> args, out BenchOptions options, out string error)
    {
        options = new BenchOptions();
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                error = $"'{args[i]}' needs a positive number after it";
                return false;
            }

            switch (args[i])
            {
                case "--rounds" when value <= 99:
                    options = options with { Rounds = (int)value };
                    break;
                case "--seconds" when value <= 60:
                    options = options with { SideDuration = TimeSpan.FromSeconds(value) };
                    break;
                case "--warmup" when value <= 60:
                    options = options with { WarmUp = TimeSpan.FromSeconds(value) };
                    break;
                case "--workers" when value <= 64:
                    options = options with { HttpWorkers = (int)value };
                    break;
                default:
                    error = $"unknown option or value out of range: {args[i]} {args[i + 1]}";
                    return false;
            }

            i++;
        }

        return true;
    }
}
