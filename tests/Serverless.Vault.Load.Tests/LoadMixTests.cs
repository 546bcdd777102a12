using Serverless.Vault.Load.Measurement;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Tests;

public sealed class LoadMixTests
{
    [Fact]
    public void Picks_FollowTheWeightsExactly_AndCoverEveryTestEarly()
    {
        var entries = new[] { Entry("a", 85), Entry("b", 10), Entry("c", 4.5), Entry("d", 0.5) };
        var mix = new LoadMix(entries);

        var picks = Enumerable.Range(0, 2000).Select(_ => mix.Pick().Stats.Name).ToList();

        var counts = picks.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1700, counts["a"]);
        Assert.Equal(200, counts["b"]);
        Assert.Equal(90, counts["c"]);
        Assert.Equal(10, counts["d"]);
        Assert.Equal(3, picks.Take(25).Distinct().Count());
    }

    private static LoadEntry Entry(string name, double weight) => new(weight, new NoOpTest(), new TestStats(name));

    private sealed class NoOpTest : ILoadTest
    {
        public Task SetupAsync(LoadContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
