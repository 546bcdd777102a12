using System.Text;
using Serverless.Vault.Core.Storage;
using Xunit;

namespace Serverless.Vault.Testing.Storage;

/// <summary>
/// The conformance suite's tests of atomic batches (<see cref="IStorage.CommitAsync"/>). Values stay at most 200 KB
/// each: Azurite refuses an update whose JSON body (binary as base64) is over 1 MiB.
/// </summary>
public abstract partial class StorageConformanceTests
{
    [Fact]
    public async Task Commit_PutsAndDeletes_AppliesAllAndReturnsETagsOfPuts()
    {
        var storage = await CreateStorageAsync();
        var kept = await PutTextAsync(storage, "a/kept", "old");
        var doomed = await PutTextAsync(storage, "a/doomed", "old");
        await PutTextAsync(storage, "a/gone", "old");

        var etags = await storage.CommitAsync(
            [
                Put("a/new", "created", PutCondition.NotExists),
                Put("a/kept", "updated", PutCondition.IfMatch(kept)),
                Put("a/upserted", "upserted", PutCondition.None),
                StorageWrite.Delete("a/doomed", PutCondition.IfMatch(doomed)),
                StorageWrite.Delete("a/gone", PutCondition.None),
            ],
            None);

        Assert.Equal(5, etags.Count);
        Assert.All(etags.Take(3), Assert.NotNull);
        Assert.Null(etags[3]);
        Assert.Null(etags[4]);
        Assert.Equal(["kept", "new", "upserted"], await storage.ListAsync("a/", None));
        Assert.Equal("created", await GetTextAsync(storage, "a/new"));
        Assert.Equal("updated", await GetTextAsync(storage, "a/kept"));
        Assert.Equal("upserted", await GetTextAsync(storage, "a/upserted"));
        Assert.Equal(etags[1], (await storage.GetAsync("a/kept", None))!.ETag);
    }

    [Theory]
    [InlineData("NotExistsOnExisting")]
    [InlineData("StaleIfMatch")]
    [InlineData("IfMatchOnMissing")]
    [InlineData("DeleteWithStaleIfMatch")]
    [InlineData("DeleteIfMatchOnMissing")]
    public async Task Commit_FailingConditionAnywhere_ThrowsConflictAndWritesNothing(string failure)
    {
        var storage = await CreateStorageAsync();
        var kept = await PutTextAsync(storage, "f/kept", "old");
        await PutTextAsync(storage, "f/other", "old");
        var stale = await PutTextAsync(storage, "f/moved", "first");
        await PutTextAsync(storage, "f/moved", "second");
        var vanished = await PutTextAsync(storage, "f/vanished", "old");
        await storage.DeleteAsync("f/vanished", None);
        var failing = failure switch
        {
            "NotExistsOnExisting" => Put("f/moved", "third", PutCondition.NotExists),
            "StaleIfMatch" => Put("f/moved", "third", PutCondition.IfMatch(stale)),
            "IfMatchOnMissing" => Put("f/vanished", "again", PutCondition.IfMatch(vanished)),
            "DeleteWithStaleIfMatch" => StorageWrite.Delete("f/moved", PutCondition.IfMatch(stale)),
            _ => StorageWrite.Delete("f/vanished", PutCondition.IfMatch(vanished)),
        };

        // The failing write sits between writes that would succeed, in both directions of the batch.
        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => storage.CommitAsync(
            [
                Put("f/new", "created", PutCondition.NotExists),
                Put("f/kept", "updated", PutCondition.IfMatch(kept)),
                failing,
                StorageWrite.Delete("f/other", PutCondition.None),
                Put("f/upserted", "upserted", PutCondition.None),
            ],
            None));

        Assert.Equal(failing.Key, conflict.Key);
        Assert.Equal(["kept", "moved", "other"], await storage.ListAsync("f/", None));
        Assert.Equal("old", await GetTextAsync(storage, "f/kept"));
        Assert.Equal(kept, (await storage.GetAsync("f/kept", None))!.ETag);
        Assert.Equal("second", await GetTextAsync(storage, "f/moved"));
        Assert.Equal("old", await GetTextAsync(storage, "f/other"));
    }

    [Fact]
    public async Task Commit_ConflictInANewFolder_LeavesTheFolderUnlisted()
    {
        var storage = await CreateStorageAsync();
        var vanished = await PutTextAsync(storage, "n/e/w/vanished", "old");
        await storage.DeleteAsync("n/e/w/vanished", None);

        await Assert.ThrowsAsync<StorageConflictException>(() => storage.CommitAsync(
            [Put("n/e/w/created", "x", PutCondition.NotExists), Put("n/e/w/vanished", "x", PutCondition.IfMatch(vanished))],
            None));

        Assert.Empty(await storage.ListAsync("", None));
        Assert.Null(await storage.GetAsync("n/e/w/created", None));
    }

    [Fact]
    public async Task Commit_ReturnedETags_WorkForTheNextIfMatch()
    {
        var storage = await CreateStorageAsync();
        var first = await storage.CommitAsync([Put("a/b", "1", PutCondition.NotExists), Put("a/c", "1", PutCondition.None)], None);

        var second = await storage.CommitAsync(
            [Put("a/b", "2", PutCondition.IfMatch(first[0]!)), Put("a/c", "2", PutCondition.IfMatch(first[1]!))], None);
        var single = await storage.PutAsync("a/b", Encoding.UTF8.GetBytes("3"), PutCondition.IfMatch(second[0]!), None);
        await storage.CommitAsync([StorageWrite.Delete("a/b", PutCondition.IfMatch(single))], None);

        Assert.NotEqual(first[0], second[0]);
        Assert.Equal(second[1], (await storage.GetAsync("a/c", None))!.ETag);
        Assert.Equal(["c"], await storage.ListAsync("a/", None));
        await Assert.ThrowsAsync<StorageConflictException>(
            () => storage.CommitAsync([Put("a/c", "3", PutCondition.IfMatch(first[1]!))], None));
    }

    [Fact]
    public async Task Commit_OverwriteWithShorterValue_LeavesNothingOfTheOldValue()
    {
        var storage = await CreateStorageAsync();
        var etag = await storage.PutAsync("a/big", Pattern(200_000), PutCondition.None, None);

        await storage.CommitAsync([Put("a/big", "short", PutCondition.IfMatch(etag))], None);

        Assert.Equal("short", await GetTextAsync(storage, "a/big"));
    }

    [Fact]
    public async Task Commit_KeysInTwoFolders_ThrowsArgumentExceptionAndWritesNothing()
    {
        var storage = await CreateStorageAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => storage.CommitAsync([Put("a/b", "x", PutCondition.None), Put("a/c/d", "x", PutCondition.None)], None));
        await Assert.ThrowsAsync<ArgumentException>(
            () => storage.CommitAsync([Put("top", "x", PutCondition.None), Put("a/b", "x", PutCondition.None)], None));

        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Commit_DuplicateKeys_ThrowsArgumentExceptionAndWritesNothing()
    {
        var storage = await CreateStorageAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => storage.CommitAsync(
            [Put("a/b", "x", PutCondition.None), StorageWrite.Delete("a/b", PutCondition.None)], None));

        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Commit_TooManyOrNoWrites_ThrowsLimitAndWritesNothing()
    {
        var storage = await CreateStorageAsync();
        var tooMany = Enumerable.Range(0, StorageLimits.MaxBatchWrites + 1).Select(i => Put($"a/k{i}", "x", PutCondition.None)).ToList();

        await Assert.ThrowsAsync<StorageLimitException>(() => storage.CommitAsync(tooMany, None));
        await Assert.ThrowsAsync<StorageLimitException>(() => storage.CommitAsync([], None));

        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Commit_MaxWrites_AppliesAll()
    {
        var storage = await CreateStorageAsync();
        var keys = Enumerable.Range(0, StorageLimits.MaxBatchWrites).Select(i => $"k{i:D3}").ToList();

        await storage.CommitAsync([.. keys.Select(key => Put("a/" + key, key, PutCondition.NotExists))], None);

        Assert.Equal(keys, await storage.ListAsync("a/", None));
        await storage.CommitAsync([.. keys.Select(key => StorageWrite.Delete("a/" + key, PutCondition.None))], None);
        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Commit_OverMaxBatchBytes_ThrowsLimitAndWritesNothing()
    {
        var storage = await CreateStorageAsync();
        var each = (StorageLimits.MaxBatchBytes / 11) + 1; // 11 values, each under 200 KB, one byte too many in all.
        var writes = Enumerable.Range(0, 11).Select(i => StorageWrite.Put($"a/k{i}", Pattern(each), PutCondition.NotExists)).ToList();

        await Assert.ThrowsAsync<StorageLimitException>(() => storage.CommitAsync(writes, None));

        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Commit_AtMaxBatchBytes_RoundTrips()
    {
        var storage = await CreateStorageAsync();
        var each = StorageLimits.MaxBatchBytes / 11; // Creates: Azurite takes insert bodies up to 4 MiB.
        var writes = Enumerable.Range(0, 11).Select(i => StorageWrite.Put($"a/k{i:D2}", Pattern(each), PutCondition.NotExists)).ToList();

        await storage.CommitAsync(writes, None);

        foreach (var write in writes)
        {
            var entry = await storage.GetAsync(write.Key, None);
            Assert.True(Pattern(each).AsSpan().SequenceEqual(entry!.Value), $"The value of {write.Key} differs.");
        }
    }

    [Fact]
    public async Task Commit_FirstKeysOfANewFolder_ListTheFolderUpToTheRoot()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/sibling", "x");

        await storage.CommitAsync([Put("a/b/c/d", "1", PutCondition.NotExists), Put("a/b/c/e", "2", PutCondition.None)], None);

        Assert.Equal(["a/"], await storage.ListAsync("", None));
        Assert.Equal(["b/", "sibling"], await storage.ListAsync("a/", None));
        Assert.Equal(["c/"], await storage.ListAsync("a/b/", None));
        Assert.Equal(["d", "e"], await storage.ListAsync("a/b/c/", None));
    }

    [Fact]
    public async Task Commit_DeletingTheLastKeys_RemovesTheFolderUpToTheRoot()
    {
        var storage = await CreateStorageAsync();
        var d = await PutTextAsync(storage, "a/b/c/d", "1");
        await PutTextAsync(storage, "a/b/c/e", "2");
        await PutTextAsync(storage, "x/y", "3");

        await storage.CommitAsync([StorageWrite.Delete("a/b/c/d", PutCondition.IfMatch(d)), StorageWrite.Delete("a/b/c/e", PutCondition.None)], None);

        Assert.Equal(["x/"], await storage.ListAsync("", None));
        Assert.Empty(await storage.ListAsync("a/", None));
        Assert.Empty(await storage.ListAsync("a/b/c/", None));
    }

    [Fact]
    public async Task Commit_DeletesAndUpdatesLeavingTheFolderNonEmpty_KeepItListed()
    {
        var storage = await CreateStorageAsync();
        var kept = await PutTextAsync(storage, "a/b/kept", "1");
        await PutTextAsync(storage, "a/b/gone", "2");

        await storage.CommitAsync([Put("a/b/kept", "updated", PutCondition.IfMatch(kept)), StorageWrite.Delete("a/b/gone", PutCondition.None)], None);

        Assert.Equal(["a/"], await storage.ListAsync("", None));
        Assert.Equal(["b/"], await storage.ListAsync("a/", None));
        Assert.Equal(["kept"], await storage.ListAsync("a/b/", None));
    }

    [Fact]
    public async Task Commit_UnconditionalDeletesOfMissingKeys_Succeed()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/present", "x");
        await PutTextAsync(storage, "a/also", "x");

        // Missing keys before, between and after the existing ones, and mixed with a put.
        var etags = await storage.CommitAsync(
            [
                StorageWrite.Delete("a/missing1", PutCondition.None),
                StorageWrite.Delete("a/present", PutCondition.None),
                StorageWrite.Delete("a/missing2", PutCondition.None),
                Put("a/new", "y", PutCondition.NotExists),
                StorageWrite.Delete("a/also", PutCondition.None),
                StorageWrite.Delete("a/missing3", PutCondition.None),
            ],
            None);

        Assert.Equal(etags[3], (await storage.GetAsync("a/new", None))!.ETag);
        Assert.Equal(["new"], await storage.ListAsync("a/", None));

        await storage.CommitAsync([StorageWrite.Delete("b/missing", PutCondition.None), StorageWrite.Delete("b/absent", PutCondition.None)], None);
        await storage.CommitAsync([StorageWrite.Delete("a/new", PutCondition.None), StorageWrite.Delete("a/missing", PutCondition.None)], None);
        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Commit_UnconditionalDeleteOfMissingKeyWithAFailingCondition_ThrowsConflictAndWritesNothing()
    {
        var storage = await CreateStorageAsync();
        await PutTextAsync(storage, "a/taken", "old");

        await Assert.ThrowsAsync<StorageConflictException>(() => storage.CommitAsync(
            [
                StorageWrite.Delete("a/missing", PutCondition.None),
                Put("a/new", "x", PutCondition.None),
                Put("a/taken", "new", PutCondition.NotExists),
            ],
            None));

        Assert.Equal(["taken"], await storage.ListAsync("a/", None));
        Assert.Equal("old", await GetTextAsync(storage, "a/taken"));
    }

    [Fact]
    public async Task Commit_RacingBatchesWithIfMatchOnTheSameRow_ExactlyOneWins()
    {
        var storage = await CreateStorageAsync();
        var etag = await PutTextAsync(storage, "race/row", "start");
        for (var round = 0; round < 5; round++)
        {
            var contenders = new[] { "left", "right" }.Select(name => Task.Run(() => storage.CommitAsync(
                [Put("race/row", name, PutCondition.IfMatch(etag)), Put($"race/{name}{round}", name, PutCondition.NotExists)], None))).ToList();
            var outcomes = await Task.WhenAll(contenders.Select(async task =>
            {
                try
                {
                    return (await task)[0];
                }
                catch (StorageConflictException)
                {
                    return null;
                }
            }));

            var winner = Assert.Single(outcomes, outcome => outcome is not null);
            var entry = await storage.GetAsync("race/row", None);
            Assert.Equal(winner, entry!.ETag);
            var name = Encoding.UTF8.GetString(entry.Value);
            Assert.NotNull(await storage.GetAsync($"race/{name}{round}", None));
            Assert.Null(await storage.GetAsync($"race/{(name == "left" ? "right" : "left")}{round}", None));
            etag = winner!;
        }
    }

    private static StorageWrite Put(string key, string text, PutCondition condition) =>
        StorageWrite.Put(key, Encoding.UTF8.GetBytes(text), condition);
}
