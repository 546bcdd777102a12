using System.Text;
using Serverless.Vault.Core.Storage;
using Xunit;

namespace Serverless.Vault.Testing.Storage;

/// <summary>
/// The behaviour every <see cref="IStorage"/> must share (the idea of Vault's physical.ExerciseBackend). A backend's
/// test class derives from this and supplies a fresh, empty storage per test. Listing, deleting and keys are here;
/// values, ETags and conditional writes in StorageConformanceTests.Writes.cs.
/// </summary>
public abstract partial class StorageConformanceTests
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
