using System.Numerics;

namespace Serverless.Vault.Load.Measurement;

/// <summary>
/// A log-linear latency histogram in the spirit of HdrHistogram: values below 128 ns are exact, larger ones fall in
/// buckets 1/64 of their power of two wide (under 1.6 % error), so memory stays bounded whatever the run length.
/// Percentiles use the nearest-rank definition and report a bucket's upper edge (never below the true value); the
/// maximum and mean are exact. Not thread-safe: <see cref="TestStats"/> serialises access.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int Sub = 1 << SubBits;
    private const int Linear = 2 * Sub;

    private readonly long[] _counts = new long[Linear + (64 - SubBits) * Sub];

    public long Count { get; private set; }

    public long MaxNanos { get; private set; }

    public double SumNanos { get; private set; }

    public double MeanNanos => Count == 0 ? 0 : SumNanos / Count;

    public void Record(long nanos)
    {
        nanos = Math.Max(0, nanos);
        _counts[IndexOf(nanos)]++;
        Count++;
        SumNanos += nanos;
        MaxNanos = Math.Max(MaxNanos, nanos);
    }

    /// <summary>The nearest-rank percentile (0-100] in nanoseconds: the smallest value with at least p % of samples at or below it.</summary>
    public long PercentileNanos(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), MaxNanos);
            }
        }

        return MaxNanos;
    }

    private static int IndexOf(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        var shift = BitOperations.Log2((ulong)value) - SubBits;
        return Linear + (shift - 1) * Sub + (int)((value >> shift) - Sub);
    }

    private static long UpperEdge(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var shift = (index - Linear) / Sub + 1;
        var sub = (index - Linear) % Sub + Sub;
        return ((long)(sub + 1) << shift) - 1;
    }
}
