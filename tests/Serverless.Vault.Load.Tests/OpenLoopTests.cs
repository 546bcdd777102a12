using Serverless.Vault.Load.Measurement;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Tests;

public sealed class OpenLoopTests
{
    [Fact]
    public async Task OpenLoop_AgainstASlowEndpoint_MeasuresFromTheScheduledTime_SoQueueingCounts()
    {
        // 20 requests/s for 0.5 s = 10 requests due at 0, 50, ..., 450 ms; one in flight; the endpoint takes >= 100 ms.
        // Request k cannot finish before (k + 1) x 100 ms, so from its due time it took >= 100 + 50k ms: the last one
        // >= 550 ms. Measured from its actual send it would be ~100 ms, as every other request: the queue would hide.
        var delay = TimeSpan.FromMilliseconds(100);
        await using var endpoint = await SlowEndpoint.StartAsync(delay);
        using var test = new HttpGetTest(endpoint.Address);
        var stats = new TestStats("slow");
        var mix = new LoadMix([new LoadEntry(100, test, stats)]);

        await OpenLoop.RunAsync(mix, rate: 20, workers: 1, TimeSpan.FromMilliseconds(500), drain: TimeSpan.FromSeconds(30), CancellationToken.None);

        var result = stats.Snapshot(TimeSpan.FromSeconds(1), workers: 1);
        Assert.Equal(10, result.Count);
        Assert.Equal(1.0, result.SuccessRatio);
        Assert.Equal(10, endpoint.Served);
        Assert.True(result.MaxMs >= 545, $"the last request waited behind nine slow ones, yet its latency was {result.MaxMs} ms");
        Assert.True(result.P50Ms >= 295, $"the median request waited behind four slow ones, yet its latency was {result.P50Ms} ms");
        var serviceMs = 1000 / result.EffectiveRate;
        Assert.True(result.MaxMs > 4 * serviceMs, $"latency from the due time ({result.MaxMs} ms) must exceed the service time ({serviceMs} ms) several fold");
    }

    [Fact]
    public async Task OpenLoop_PastTheDrainLimit_RecordsQueuedRequestsAsFailures_WithoutSendingThem()
    {
        await using var endpoint = await SlowEndpoint.StartAsync(TimeSpan.FromMilliseconds(200));
        using var test = new HttpGetTest(endpoint.Address);
        var stats = new TestStats("slow");
        var mix = new LoadMix([new LoadEntry(100, test, stats)]);

        await OpenLoop.RunAsync(mix, rate: 20, workers: 1, TimeSpan.FromMilliseconds(500), drain: TimeSpan.Zero, CancellationToken.None);

        var result = stats.Snapshot(TimeSpan.FromSeconds(1), workers: 1);
        Assert.Equal(10, result.Count);
        Assert.True(result.Failures > 0, "requests still queued at the drain limit must count as failures");
        Assert.Equal(10 - result.Failures, endpoint.Served);
        Assert.StartsWith("not sent", result.FirstError, StringComparison.Ordinal);
    }
}
