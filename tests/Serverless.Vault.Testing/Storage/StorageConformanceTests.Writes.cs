using System.Globalization;
using System.Text;
using Serverless.Vault.Core.Storage;
using Xunit;

namespace Serverless.Vault.Testing.Storage;

/// <summary>The conformance suite's tests of values, ETags and conditional writes.</summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Put_ThenGet_ReturnsValueAndTheSameETag()
    {
        var storage = await CreateStorageAsync();
        var etag = await PutTextAsync(storage, "a/b", "value");

        var entry = await storage.GetAsync("a/b", None);

        Assert.NotNull(entry);
        Assert.Equal("a/b", entry.Key);
        Assert.Equal("value", Encoding.UTF8.GetString(entry.Value));
        Assert.Equal(etag, entry.ETag);
    }

    [Fact]
    public async Task Put_EmptyValue_RoundTrips()
    {
        var storage = await CreateStorageAsync();
        await storage.PutAsync("empty", ReadOnlyMemory<byte>.Empty, PutCondition.None, None);

        var entry = await storage.GetAsync("empty", None);

        Assert.NotNull(entry);
        Assert.Empty(entry.Value);
    }

    [Fact]
    public async Task Put_OverwriteWithShorterValue_LeavesNothingOfTheOldValue()
    {
        var storage = await CreateStorageAsync();
        await storage.PutAsync("a/big", Pattern(200_000), PutCondition.None, None);
        await PutTextAsync(storage, "a/big", "short");

        Assert.Equal("short", await GetTextAsync(storage, "a/big"));
    }

    [Fact]
    public async Task Put_ValueAtLimit_RoundTrips()
    {
        var storage = await CreateStorageAsync();
        var value = Pattern(StorageLimits.MaxValueBytes);

        // Written as a create: Azurite refuses updates whose JSON body (binary as base64) exceeds 1 MiB, which a
        // value this size always does; the Table backend's tests pin that emulator limit down separately.
        await storage.PutAsync("big/value", value, PutCondition.NotExists, None);

        var entry = await storage.GetAsync("big/value", None);
        Assert.NotNull(entry);
        Assert.True(value.AsSpan().SequenceEqual(entry.Value), "The value read back differs from the value written.");
    }

    [Fact]
    public async Task Put_ValueOverLimit_ThrowsAndWritesNothing()
    {
        var storage = await CreateStorageAsync();

        await Assert.ThrowsAsync<StorageLimitException>(
            () => storage.PutAsync("big/value", Pattern(StorageLimits.MaxValueBytes + 1), PutCondition.None, None));

        Assert.Null(await storage.GetAsync("big/value", None));
        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Put_ValueOverLimitOnExistingKey_KeepsOldValue()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "big/value", "old");

        await Assert.ThrowsAsync<StorageLimitException>(
            () => storage.PutAsync("big/value", Pattern(StorageLimits.MaxValueBytes + 1), PutCondition.None, None));

        Assert.Equal("old", await GetTextAsync(storage, "big/value"));
    }

    [Fact]
    public async Task Get_ReturnedValue_IsACopy()
    {
        var storage = await CreateStorageAsync();
        var written = Encoding.UTF8.GetBytes("value");
        await storage.PutAsync("k", written, PutCondition.None, None);
        written[0] = (byte)'X';

        var first = await storage.GetAsync("k", None);
        first!.Value[1] = (byte)'Y';

        Assert.Equal("value", await GetTextAsync(storage, "k"));
    }

    [Fact]
    public async Task Put_EveryWrite_ChangesTheETag()
    {
        var storage = await CreateStorageAsync();
        var first = await PutTextAsync(storage, "k", "one");
        var second = await PutTextAsync(storage, "k", "one");
        await storage.DeleteAsync("k", None);
        var third = await PutTextAsync(storage, "k", "one");

        Assert.Equal(3, new[] { first, second, third }.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Put_ConcurrentReadModifyWriteWithETags_LosesNoUpdate()
    {
        var storage = await CreateStorageAsync();
        const int writers = 8;
        await PutTextAsync(storage, "counter/value", "0");

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < IncrementsPerWriter;)
            {
                var current = await storage.GetAsync("counter/value", None);
                var next = int.Parse(Encoding.UTF8.GetString(current!.Value), CultureInfo.InvariantCulture) + 1;
                try
                {
                    await storage.PutAsync(
                        "counter/value", Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)),
                        PutCondition.IfMatch(current.ETag), None);
                    done++;
                }
                catch (StorageConflictException)
                {
                    // Another writer got there first: read again and retry.
                }
            }
        }));
        await Task.WhenAll(tasks);

        Assert.Equal((writers * IncrementsPerWriter).ToString(CultureInfo.InvariantCulture), await GetTextAsync(storage, "counter/value"));
        Assert.Equal(["value"], await storage.ListAsync("counter/", None));
    }

    [Fact]
    public async Task Put_NotExistsOnExistingKey_ThrowsConflictAndKeepsValue()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/b", "first");

        var conflict = await Assert.ThrowsAsync<StorageConflictException>(
            () => storage.PutAsync("a/b", Encoding.UTF8.GetBytes("second"), PutCondition.NotExists, None));

        Assert.Equal("a/b", conflict.Key);
        Assert.Equal("first", await GetTextAsync(storage, "a/b"));
    }

    [Fact]
    public async Task Put_NotExistsOnMissingKey_Writes()
    {
        var storage = await CreateStorageAsync();

        var etag = await storage.PutAsync("a/b", Encoding.UTF8.GetBytes("first"), PutCondition.NotExists, None);

        Assert.Equal(etag, (await storage.GetAsync("a/b", None))!.ETag);
        Assert.Equal(["b"], await storage.ListAsync("a/", None));
    }

    [Fact]
    public async Task Put_IfMatchWithStaleETag_ThrowsConflictAndKeepsValue()
    {
        var storage = await CreateStorageAsync();
        var stale = await PutTextAsync(storage, "a/b", "first");
        await PutTextAsync(storage, "a/b", "second");

        await Assert.ThrowsAsync<StorageConflictException>(
            () => storage.PutAsync("a/b", Encoding.UTF8.GetBytes("third"), PutCondition.IfMatch(stale), None));

        Assert.Equal("second", await GetTextAsync(storage, "a/b"));
    }

    [Fact]
    public async Task Put_IfMatchWithCurrentETag_WritesAndReturnsANewETag()
    {
        var storage = await CreateStorageAsync();
        var current = await PutTextAsync(storage, "a/b", "first");

        var next = await storage.PutAsync("a/b", Encoding.UTF8.GetBytes("second"), PutCondition.IfMatch(current), None);

        Assert.NotEqual(current, next);
        Assert.Equal("second", await GetTextAsync(storage, "a/b"));
    }

    [Fact]
    public async Task Put_IfMatchOnDeletedKey_ThrowsConflict()
    {
        var storage = await CreateStorageAsync();
        var etag = await PutTextAsync(storage, "a/b", "first");
        await storage.DeleteAsync("a/b", None);

        await Assert.ThrowsAsync<StorageConflictException>(
            () => storage.PutAsync("a/b", Encoding.UTF8.GetBytes("again"), PutCondition.IfMatch(etag), None));

        Assert.Null(await storage.GetAsync("a/b", None));
        Assert.Empty(await storage.ListAsync("", None));
    }
}
