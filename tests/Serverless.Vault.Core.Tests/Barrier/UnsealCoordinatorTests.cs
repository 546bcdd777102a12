using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Barrier;

public sealed class UnsealCoordinatorTests
{
    private readonly InMemoryStorage _physical = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly FlakySeal _seal = new(TestBarriers.Seal());

    private async Task<(AesGcmBarrier Barrier, UnsealCoordinator Coordinator)> ColdInstanceAsync()
    {
        (await TestBarriers.InitializedAsync(_physical)).Dispose();
        var barrier = TestBarriers.Over(_physical, _seal, _time);
        var coordinator = new UnsealCoordinator(barrier, _time)
        {
            InitialBackoff = TimeSpan.FromSeconds(1),
            MaxBackoff = TimeSpan.FromSeconds(60),
        };
        return (barrier, coordinator);
    }

    [Fact]
    public async Task TryEnsureUnsealed_SealAnswers_UnsealsOnce()
    {
        var (barrier, coordinator) = await ColdInstanceAsync();

        Assert.True(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.True(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));

        Assert.False(barrier.IsSealed);
        Assert.Equal(1, _seal.Calls);
    }

    [Fact]
    public async Task TryEnsureUnsealed_SealFailing_StaysSealedAndBacksOffWithoutCallingSeal()
    {
        var (barrier, coordinator) = await ColdInstanceAsync();
        _seal.Failing = true;

        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.Equal(1, _seal.Calls);

        // Equal jitter: the first wait is between half and all of InitialBackoff.
        _time.Advance(TimeSpan.FromMilliseconds(499));
        for (var i = 0; i < 20; i++)
        {
            Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        }

        Assert.Equal(1, _seal.Calls);
        Assert.True(barrier.IsSealed);

        _time.Advance(TimeSpan.FromMilliseconds(502));
        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.Equal(2, _seal.Calls);
    }

    [Fact]
    public async Task TryEnsureUnsealed_RepeatedFailures_BackoffGrowsAndIsCapped()
    {
        var (_, coordinator) = await ColdInstanceAsync();
        _seal.Failing = true;
        var waits = new List<TimeSpan>();

        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
            var wait = coordinator.NextAttemptAt - _time.GetUtcNow();
            waits.Add(wait);
            _time.Advance(wait);
        }

        Assert.Equal(10, _seal.Calls);
        // Failure n waits within [2^(n-1)/2, 2^(n-1)] seconds, never past MaxBackoff.
        Assert.InRange(waits[0].TotalSeconds, 0.5, 1);
        Assert.InRange(waits[3].TotalSeconds, 4, 8);
        Assert.InRange(waits[5].TotalSeconds, 16, 32);
        Assert.All(waits, w => Assert.True(w <= TimeSpan.FromSeconds(60)));
        Assert.InRange(waits[9].TotalSeconds, 30, 60);
    }

    [Fact]
    public async Task TryEnsureUnsealed_RetryAfterLongerThanBackoff_IsHonoured()
    {
        var (_, coordinator) = await ColdInstanceAsync();
        _seal.Failing = true;
        _seal.RetryAfter = TimeSpan.FromSeconds(30);

        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.Equal(1, _seal.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.Equal(2, _seal.Calls);
    }

    [Fact]
    public async Task TryEnsureUnsealed_SealRecovers_UnsealsWithoutRestart()
    {
        var (barrier, coordinator) = await ColdInstanceAsync();
        _seal.Failing = true;
        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));

        _seal.Failing = false;
        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None)); // still backing off
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.False(barrier.IsSealed);
        Assert.Equal(DateTimeOffset.MinValue, coordinator.NextAttemptAt);
    }

    [Fact]
    public async Task TryEnsureUnsealed_ConcurrentCallers_ShareOneAttempt()
    {
        var (barrier, coordinator) = await ColdInstanceAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _seal.Gate = gate;

        var callers = Enumerable.Range(0, 16).Select(_ => coordinator.TryEnsureUnsealedAsync(CancellationToken.None)).ToArray();
        await WaitUntilAsync(() => _seal.Calls > 0);
        gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.All(results, Assert.True);
        Assert.Equal(1, _seal.Calls);
        Assert.False(barrier.IsSealed);
    }

    [Fact]
    public async Task TryEnsureUnsealed_SealFailing_WritesNothing()
    {
        (await TestBarriers.InitializedAsync(_physical)).Dispose();
        var recording = new RecordingStorage(_physical);
        var barrier = TestBarriers.Over(recording, _seal, _time);
        var coordinator = new UnsealCoordinator(barrier, _time);
        _seal.Failing = true;

        for (var i = 0; i < 5; i++)
        {
            Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(5, _seal.Calls);
        Assert.Empty(recording.Puts);
    }

    [Fact]
    public async Task TryEnsureUnsealed_NotInitialised_ReturnsFalseWithoutSealCall()
    {
        var barrier = TestBarriers.Over(_physical, _seal, _time);
        var coordinator = new UnsealCoordinator(barrier, _time);

        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.Equal(0, _seal.Calls);
        Assert.Null(await _physical.GetAsync("core/root-key", CancellationToken.None));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
