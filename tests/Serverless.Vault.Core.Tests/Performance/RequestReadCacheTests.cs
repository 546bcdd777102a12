using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Performance;

public sealed class RequestReadCacheTests
{
    [Fact]
    public async Task Get_Twice_ReadsStorageOnce()
    {
        var physical = new CountingStorage(new InMemoryStorage());
        await physical.PutAsync("a", "1"u8.ToArray(), PutCondition.None, CancellationToken.None);
        var cache = new RequestReadCache(physical);

        var first = await cache.GetAsync("a", CancellationToken.None);
        first!.Value[0] = (byte)'x';
        var second = await cache.GetAsync("a", CancellationToken.None);

        Assert.Equal(1, physical.Counts.Reads);
        Assert.Equal("1"u8.ToArray(), second!.Value);
    }

    [Fact]
    public async Task Get_AfterLostRace_ReadsTheNewValue()
    {
        var physical = new InMemoryStorage();
        await physical.PutAsync("a", "1"u8.ToArray(), PutCondition.None, CancellationToken.None);
        var cache = new RequestReadCache(physical);
        var stale = await cache.GetAsync("a", CancellationToken.None);
        await physical.PutAsync("a", "2"u8.ToArray(), PutCondition.None, CancellationToken.None);

        await Assert.ThrowsAsync<StorageConflictException>(() =>
            cache.CommitAsync([StorageWrite.Put("a", "3"u8.ToArray(), PutCondition.IfMatch(stale!.ETag))], CancellationToken.None));
        var fresh = await cache.GetAsync("a", CancellationToken.None);

        Assert.Equal("2"u8.ToArray(), fresh!.Value);
    }

    [Fact]
    public async Task Get_AfterOwnWrite_ReadsTheWrittenValue()
    {
        var cache = new RequestReadCache(new InMemoryStorage());
        Assert.Null(await cache.GetAsync("a", CancellationToken.None));
        await cache.PutAsync("a", "1"u8.ToArray(), PutCondition.NotExists, CancellationToken.None);

        Assert.Equal("1"u8.ToArray(), (await cache.GetAsync("a", CancellationToken.None))!.Value);
    }
}
