using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    private static TokenEntry Entry(string key, long numUses = 0) =>
        new() { Accessor = "a", Policies = ["default"], Path = "auth/token/create", Key = key, NumUses = numUses };

    [Fact]
    public void Get_WithinTheBudget_HitsAndAfterItMisses()
    {
        var cache = new TokenCache(_time);
        cache.Set(Entry("k"));

        _time.Advance(TokenCache.StalenessBudget - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(cache.Get("k"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Get("k"));
    }

    [Fact]
    public void TryGetKey_FindsTheCachedKeyStringByItsCharacters()
    {
        var cache = new TokenCache(_time);
        var key = new string('a', 64);
        cache.Set(Entry(key));

        Assert.True(cache.TryGetKey(new string('a', 64).AsSpan(), out var found));
        Assert.Same(key, found);
        Assert.False(cache.TryGetKey(new string('b', 64).AsSpan(), out _));
    }

    [Fact]
    public void Set_LimitedUseOrDyingEntries_AreNeverCached()
    {
        var cache = new TokenCache(_time);

        cache.Set(Entry("uses", numUses: 3));
        cache.Set(Entry("dying") with { RevocationPending = true });
        cache.Set(Entry("") with { Type = TokenTypes.Batch });

        Assert.Null(cache.Get("uses"));
        Assert.Null(cache.Get("dying"));
        Assert.Null(cache.Get(""));
    }

    [Fact]
    public void MarkRevoked_KeepsARacingReadFromCachingTheTokenAgain()
    {
        var cache = new TokenCache(_time);
        cache.Set(Entry("k"));

        cache.MarkRevoked("k");
        cache.Set(Entry("k"));

        Assert.Null(cache.Get("k"));
        _time.Advance(TokenCache.StalenessBudget);
        cache.Set(Entry("k"));
        Assert.NotNull(cache.Get("k"));
    }
}
