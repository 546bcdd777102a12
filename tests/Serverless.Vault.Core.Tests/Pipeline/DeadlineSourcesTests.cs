using Serverless.Vault.Core.Pipeline;

namespace Serverless.Vault.Core.Tests.Pipeline;

public sealed class DeadlineSourcesTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Rent_AfterCleanReturn_ReusesSourceWithoutEarlierRegistrations()
    {
        var sources = new DeadlineSources();
        var first = sources.Rent(Minute);
        var fired = false;
        first.Token.Register(() => fired = true);
        sources.Return(first, TimeSpan.Zero, Minute);

        var second = sources.Rent(Minute);
        second.Cancel();

        Assert.Same(first, second);
        Assert.False(fired);
    }

    [Fact]
    public void Rent_AfterCancelledReturn_GivesFreshUncancelledSource()
    {
        var sources = new DeadlineSources();
        var first = sources.Rent(Minute);
        first.Cancel();
        sources.Return(first, TimeSpan.Zero, Minute);

        var second = sources.Rent(Minute);

        Assert.NotSame(first, second);
        Assert.False(second.IsCancellationRequested);
    }

    [Fact]
    public void Rent_AfterReturnNearDeadline_GivesFreshSource()
    {
        // The old source's timer may be firing: it must not be handed to another request.
        var sources = new DeadlineSources();
        var first = sources.Rent(Minute);
        sources.Return(first, Minute - TimeSpan.FromMilliseconds(10), Minute);

        var second = sources.Rent(Minute);

        Assert.NotSame(first, second);
        Assert.False(second.IsCancellationRequested);
    }

    [Fact]
    public async Task Rent_ShortDeadline_CancelsWhenItPasses()
    {
        var sources = new DeadlineSources();
        var source = sources.Rent(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(TimeSpan.FromSeconds(30), source.Token));
    }
}
