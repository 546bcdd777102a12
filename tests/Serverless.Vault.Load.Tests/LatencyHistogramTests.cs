using Serverless.Vault.Load.Measurement;

namespace Serverless.Vault.Load.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void SmallValues_AreExact_WithNearestRankPercentiles()
    {
        var histogram = new LatencyHistogram();
        foreach (var value in Enumerable.Range(1, 100).Reverse())
        {
            histogram.Record(value);
        }

        Assert.Equal(100, histogram.Count);
        Assert.Equal(50, histogram.PercentileNanos(50));
        Assert.Equal(95, histogram.PercentileNanos(95));
        Assert.Equal(99, histogram.PercentileNanos(99));
        Assert.Equal(100, histogram.PercentileNanos(100));
        Assert.Equal(1, histogram.PercentileNanos(0.5));
        Assert.Equal(100, histogram.MaxNanos);
        Assert.Equal(50.5, histogram.MeanNanos);
    }

    [Fact]
    public void LargeValues_AreWithinTheBucketPrecision_AndNeverBelowTheTrueValue()
    {
        var histogram = new LatencyHistogram();
        var samples = Enumerable.Range(1, 1000).Select(i => i * 1_234_567L).ToArray();
        foreach (var value in samples)
        {
            histogram.Record(value);
        }

        foreach (var (percentile, expected) in new[] { (50.0, samples[499]), (95.0, samples[949]), (99.0, samples[989]) })
        {
            var measured = histogram.PercentileNanos(percentile);
            Assert.InRange(measured, expected, (long)(expected * 1.016));
        }

        Assert.Equal(samples[^1], histogram.MaxNanos);
        Assert.Equal(samples.Average(), histogram.MeanNanos, 3);
    }

    [Fact]
    public void SkewedSamples_PutTheTailInP99_NotTheMedian()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 990; i++)
        {
            histogram.Record(1_000_000);
        }

        for (var i = 0; i < 10; i++)
        {
            histogram.Record(500_000_000);
        }

        Assert.InRange(histogram.PercentileNanos(50), 1_000_000, 1_016_000);
        Assert.InRange(histogram.PercentileNanos(99), 1_000_000, 1_016_000);
        Assert.InRange(histogram.PercentileNanos(99.1), 500_000_000, 500_000_000);
    }

    [Fact]
    public void Stats_CountFailuresApart_AndKeepTheFirstError()
    {
        var stats = new TestStats("t");
        stats.Record(1_000_000, 1_000_000, null);
        stats.Record(3_000_000, 2_000_000, "first");
        stats.Record(2_000_000, 1_000_000, "second");

        var result = stats.Snapshot(TimeSpan.FromSeconds(2), workers: 2);

        Assert.Equal(3, result.Count);
        Assert.Equal(2, result.Failures);
        Assert.Equal(1.0 / 3, result.SuccessRatio, 6);
        Assert.Equal(1.5, result.Rate, 6);
        Assert.Equal(1500, result.EffectiveRate, 6);
        Assert.Equal("first", result.FirstError);
        Assert.Equal(2.0, result.MeanMs, 6);
    }
}
