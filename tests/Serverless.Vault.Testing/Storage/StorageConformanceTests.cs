using System.Text;
using Serverless.Vault.Core.Storage;
using Xunit;

namespace Serverless.Vault.Testing.Storage;

/// <summary>
/// The behaviour every <see cref="IStorage"/> must share (the idea of Vault's physical.ExerciseBackend). A backend's
/// test class derives from this and supplies a fresh, empty storage per test.
/// </summary>
public abstract class StorageConformanceTests
{
    /// <summary>Keys with the characters most likely to break an encoding: Table key characters, quotes, Unicode.</summary>
    public static readonly IReadOnlyList<string> AwkwardKeys =
    [
        "hash#tag", "question?mark", "back\\slash", "per%cent", "%25", "%2F", "%u0041", "%", "100%", "it's", "''",
        "with space", " leading", "trailing ", "tab\there", "new\nline", "nul\0char", "bell\u0007", "del\u007F",
        "c1\u0085\u009F", "caf\u00E9", "cafe\u0301", "emoji\U0001F600", "\u65E5\u672C", "a+b=c&d", "\"quoted\"", "<>|*:~",
        ".", "..", "-", "a.b",
    ];

    /// <summary>A fresh, empty storage that no other test sees.</summary>
    protected abstract Task<IStorage> CreateStorageAsync();

    /// <summary>How many increments each of the concurrent writers makes; backends over the network may lower it.</summary>
    protected virtual int IncrementsPerWriter => 25;

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task List_NestedKeys_ReturnsLeavesAndFolders()
    {
        var storage = await CreateStorageAsync();
        foreach (var key in new[] { "a/b", "a/c/d", "a/c/e", "a/f/g/h", "z" })
        {
            await PutTextAsync(storage, key, key);
        }

        Assert.Equal(["a/", "z"], await storage.ListAsync("", None));
        Assert.Equal(["b", "c/", "f/"], await storage.ListAsync("a/", None));
        Assert.Equal(["d", "e"], await storage.ListAsync("a/c/", None));
        Assert.Equal(["g/"], await storage.ListAsync("a/f/", None));
        Assert.Equal(["h"], await storage.ListAsync("a/f/g/", None));
    }

    [Fact]
    public async Task List_LeafAndFolderWithSameName_ReturnsBoth()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/b", "leaf");
        await PutTextAsync(storage, "a/b/c", "below");

        Assert.Equal(["b", "b/"], await storage.ListAsync("a/", None));
        Assert.Equal("leaf", await GetTextAsync(storage, "a/b"));

        await storage.DeleteAsync("a/b/c", None);
        Assert.Equal(["b"], await storage.ListAsync("a/", None));
    }

    [Fact]
    public async Task List_Names_AreSortedOrdinally()
    {
        var storage = await CreateStorageAsync();
        foreach (var key in new[] { "f/b", "f/a0", "f/B", "f/a/x", "f/a", "f/#", "f/%", "f/-", "f/~", "f/\u00E9" })
        {
            await PutTextAsync(storage, key, key);
        }

        Assert.Equal(["#", "%", "-", "B", "a", "a/", "a0", "b", "~", "\u00E9"], await storage.ListAsync("f/", None));
    }

    [Fact]
    public async Task Delete_LastKeyOfFolder_RemovesFolderFromListingUpToTheRoot()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/b/c/d", "deep");
        await PutTextAsync(storage, "a/x", "sibling");

        await storage.DeleteAsync("a/b/c/d", None);

        Assert.Equal(["x"], await storage.ListAsync("a/", None));
        Assert.Empty(await storage.ListAsync("a/b/", None));
        Assert.Empty(await storage.ListAsync("a/b/c/", None));
        Assert.Equal(["a/"], await storage.ListAsync("", None));

        await storage.DeleteAsync("a/x", None);
        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Delete_KeyWithSiblings_KeepsFolder()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/b/c", "one");
        await PutTextAsync(storage, "a/b/d", "two");

        await storage.DeleteAsync("a/b/c", None);

        Assert.Equal(["b/"], await storage.ListAsync("a/", None));
        Assert.Equal(["d"], await storage.ListAsync("a/b/", None));
        Assert.Null(await storage.GetAsync("a/b/c", None));
    }

    [Fact]
    public async Task Get_MissingKey_ReturnsNull()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/b", "present");

        Assert.Null(await storage.GetAsync("missing", None));
        Assert.Null(await storage.GetAsync("a/missing", None));
        Assert.Null(await storage.GetAsync("a", None)); // a folder is not a value
    }

    [Fact]
    public async Task Delete_MissingKey_Succeeds()
    {
        var storage = await CreateStorageAsync();
        await storage.DeleteAsync("never/written", None);
        await storage.DeleteAsync("never", None);

        Assert.Empty(await storage.ListAsync("", None));
    }

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

        await storage.PutAsync("big/value", value, PutCondition.None, None);

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
                var next = int.Parse(Encoding.UTF8.GetString(current!.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                try
                {
                    await storage.PutAsync(
                        "counter/value", Encoding.UTF8.GetBytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)),
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

        Assert.Equal((writers * IncrementsPerWriter).ToString(System.Globalization.CultureInfo.InvariantCulture), await GetTextAsync(storage, "counter/value"));
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

    [Fact]
    public async Task Keys_AwkwardCharacters_RoundTripThroughPutGetListDelete()
    {
        var storage = await CreateStorageAsync();
        foreach (var name in AwkwardKeys)
        {
            // The awkward name as a leaf, and as a folder with a leaf below it.
            await PutTextAsync(storage, "leaves/" + name, name);
            await PutTextAsync(storage, "folders/" + name + "/leaf", name);
        }

        Assert.Equal(AwkwardKeys.Order(StringComparer.Ordinal), await storage.ListAsync("leaves/", None));
        Assert.Equal(AwkwardKeys.Select(name => name + "/").Order(StringComparer.Ordinal), await storage.ListAsync("folders/", None));
        foreach (var name in AwkwardKeys)
        {
            Assert.Equal(name, await GetTextAsync(storage, "leaves/" + name));
            Assert.Equal(["leaf"], await storage.ListAsync("folders/" + name + "/", None));
        }

        foreach (var name in AwkwardKeys)
        {
            await storage.DeleteAsync("leaves/" + name, None);
            await storage.DeleteAsync("folders/" + name + "/leaf", None);
            Assert.Null(await storage.GetAsync("leaves/" + name, None));
        }

        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task List_EmptyStorage_ReturnsEmpty()
    {
        var storage = await CreateStorageAsync();

        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task List_UnknownPrefixOrLeaf_ReturnsEmpty()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/b", "value");

        Assert.Empty(await storage.ListAsync("unknown/", None));
        Assert.Empty(await storage.ListAsync("a/b/", None));
        Assert.Empty(await storage.ListAsync("a/unknown/deeper/", None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    [InlineData("empty//segment")]
    [InlineData("/")]
    public async Task Keys_Invalid_AreRefusedByEveryOperation(string key)
    {
        var storage = await CreateStorageAsync();

        await Assert.ThrowsAsync<StorageLimitException>(() => storage.PutAsync(key, new byte[] { 1 }, PutCondition.None, None));
        await Assert.ThrowsAsync<StorageLimitException>(() => storage.GetAsync(key, None));
        await Assert.ThrowsAsync<StorageLimitException>(() => storage.DeleteAsync(key, None));
        Assert.Empty(await storage.ListAsync("", None));
    }

    [Theory]
    [InlineData("no-trailing-slash")]
    [InlineData("/leading/")]
    [InlineData("empty//segment/")]
    public async Task List_InvalidPrefix_ThrowsArgumentException(string prefix)
    {
        var storage = await CreateStorageAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => storage.ListAsync(prefix, None));
    }

    /// <summary>Bytes that differ from position to position, so a misplaced or missing chunk shows.</summary>
    protected static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + (i >> 8));
        }

        return bytes;
    }

    protected static Task<string> PutTextAsync(IStorage storage, string key, string text) =>
        storage.PutAsync(key, Encoding.UTF8.GetBytes(text), PutCondition.None, CancellationToken.None);

    protected static async Task<string?> GetTextAsync(IStorage storage, string key)
    {
        var entry = await storage.GetAsync(key, CancellationToken.None);
        return entry is null ? null : Encoding.UTF8.GetString(entry.Value);
    }
}
