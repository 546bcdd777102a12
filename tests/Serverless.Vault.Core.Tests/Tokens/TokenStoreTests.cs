using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Barrier;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

/// <summary>The store on its own: revocation hooks, crash leftovers and what tidy makes of them, tree limits.</summary>
public sealed class TokenStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingListener _listener = new();
    private AesGcmBarrier _barrier = null!;
    private TokenStore _store = null!;

    public async Task InitializeAsync()
    {
        _barrier = await TestBarriers.InitializedAsync(new InMemoryStorage(), time: _time);
        _store = new TokenStore(_barrier, _time, [_listener]);
    }

    public Task DisposeAsync()
    {
        _barrier.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RevokeTree_TellsTheListenerAboutEveryTokenOnce()
    {
        var root = await CreateAsync(parent: null);
        var child = await CreateAsync(root);
        var grandchild = await CreateAsync(child);
        var orphan = await CreateAsync(parent: null);

        await _store.RevokeTreeAsync(root.Entry.Key, CancellationToken.None);

        Assert.Equal(new[] { root, child, grandchild }.Select(t => t.Entry.Accessor).Order(), _listener.Revoked.Select(t => t.Accessor).Order());
        Assert.All(_listener.Revoked, t => Assert.True(t.RevocationPending));
        Assert.NotNull(await _store.LookupAsync(orphan.Id, CancellationToken.None));
        Assert.Null(await _store.LookupAsync(grandchild.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeOrphan_TellsTheListenerAboutTheTokenOnly()
    {
        var root = await CreateAsync(parent: null);
        var child = await CreateAsync(root);

        await _store.RevokeOrphanAsync(root.Entry.Key, CancellationToken.None);

        Assert.Equal([root.Entry.Accessor], _listener.Revoked.Select(t => t.Accessor));
        Assert.True((await _store.LookupAsync(child.Id, CancellationToken.None))!.IsOrphan);
        Assert.Empty(await KeysAsync(TokenStoragePaths.Parents));
    }

    [Fact]
    public async Task RevokeTree_DeepAndWideTrees_AreRevokedWithoutRecursion()
    {
        var top = await CreateAsync(parent: null);
        var level = top;
        var all = new List<IssuedToken> { top };
        for (var depth = 0; depth < 20; depth++)
        {
            level = await CreateAsync(level);
            all.Add(level);
        }

        for (var i = 0; i < 60; i++)
        {
            all.Add(await CreateAsync(top));
        }

        await _store.RevokeTreeAsync(top.Entry.Key, CancellationToken.None);

        Assert.Equal(all.Count, _listener.Revoked.Count);
        Assert.Empty(await KeysAsync("core/token/id/"));
        Assert.Empty(await KeysAsync(TokenStoragePaths.Accessors));
        Assert.Empty(await KeysAsync(TokenStoragePaths.Parents));
    }

    [Fact]
    public async Task Depth_AtTheTreeLimit_IsStillLive()
    {
        var level = await CreateAsync(parent: null);
        for (var depth = 0; depth < TokenStore.MaxTreeDepth; depth++)
        {
            level = await CreateAsync(level);
        }

        Assert.Equal(TokenStore.MaxTreeDepth, await _store.DepthAsync(level.Entry.Key, CancellationToken.None));
        Assert.NotNull(await _store.LookupAsync(level.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Create_UnderAParentBeingRevoked_RevokesItselfAndFails()
    {
        var parent = await CreateAsync(parent: null);
        var (entry, stored) = await _store.ReadAsync(parent.Entry.Key, CancellationToken.None);
        await _barrier.Storage.PutAsync(TokenStoragePaths.Id(parent.Entry.Key), StoredJson.Serialize(entry! with { RevocationPending = true }), PutCondition.IfMatch(stored!.ETag), CancellationToken.None);

        var error = await Assert.ThrowsAsync<VaultException>(() => CreateAsync(parent));

        Assert.Equal(["parent token lookup failed: no parent found"], error.Errors);
        // Only the parent's entry and its accessor row are left; the child's went with its revocation.
        Assert.Equal(
            new[] { TokenStoragePaths.AccessorRowPrefix + parent.Entry.Accessor, parent.Entry.Key }.Order(StringComparer.Ordinal),
            (await KeysAsync("core/token/id/")).Select(k => k.Split('/')[^1]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CrashedCreation_IndexesWithoutEntry_AreHarmlessAndTidiedAfterTheGrace()
    {
        var parent = await CreateAsync(parent: null);
        var index = StoredJson.Serialize(new TokenIndexEntry { Key = "deadbeef", Created = _time.GetUtcNow().ToUnixTimeSeconds() });
        await _barrier.Storage.PutAsync(TokenStoragePaths.Accessor("ghostaccessor"), index, PutCondition.None, CancellationToken.None);
        await _barrier.Storage.PutAsync(TokenStoragePaths.Child(parent.Entry.Key, "deadbeef"), index, PutCondition.None, CancellationToken.None);
        Assert.Null(await _store.LookupByAccessorAsync("ghostaccessor", CancellationToken.None));

        Assert.Equal(new TokenTidyResult(0, 0, 0), await _store.TidyAsync(CancellationToken.None));

        _time.Advance(TokenTidy.InFlightGrace);
        Assert.Equal(new TokenTidyResult(1, 1, 0), await _store.TidyAsync(CancellationToken.None));
        Assert.DoesNotContain(TokenStoragePaths.Accessor("ghostaccessor"), await KeysAsync(TokenStoragePaths.Accessors));
        Assert.NotNull(await _store.LookupAsync(parent.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CrashedRevocation_DyingEntry_IsRefusedAndTidyFinishesIt()
    {
        var parent = await CreateAsync(parent: null);
        var child = await CreateAsync(parent);
        var (entry, stored) = await _store.ReadAsync(parent.Entry.Key, CancellationToken.None);
        await _barrier.Storage.PutAsync(TokenStoragePaths.Id(parent.Entry.Key), StoredJson.Serialize(entry! with { RevocationPending = true }), PutCondition.IfMatch(stored!.ETag), CancellationToken.None);
        var fresh = new TokenStore(_barrier, _time, [_listener]);

        Assert.Null(await fresh.LookupAsync(parent.Id, CancellationToken.None));
        Assert.Null(await fresh.LookupAsync(child.Id, CancellationToken.None));

        _time.Advance(TokenTidy.InFlightGrace);
        var result = await fresh.TidyAsync(CancellationToken.None);

        Assert.True(result.TokensRevoked >= 1);
        Assert.Empty(await KeysAsync("core/token/id/"));
        Assert.Empty(await KeysAsync(TokenStoragePaths.Accessors));
        Assert.Equal(2, _listener.Revoked.Count);
    }

    [Fact]
    public async Task ChildOfAMissingParent_IsDeadAndTidyRevokesIt()
    {
        var parent = await CreateAsync(parent: null);
        var child = await CreateAsync(parent);
        await _barrier.Storage.DeleteAsync(TokenStoragePaths.Id(parent.Entry.Key), CancellationToken.None);
        var fresh = new TokenStore(_barrier, _time, [_listener]);

        Assert.Null(await fresh.LookupAsync(child.Id, CancellationToken.None));
        _time.Advance(TokenTidy.InFlightGrace);
        await fresh.TidyAsync(CancellationToken.None);

        Assert.Empty(await KeysAsync("core/token/id/"));
        Assert.Empty(await KeysAsync(TokenStoragePaths.Parents));
    }

    [Fact]
    public async Task RevokeTree_StaleParentRowOfAnOrphanedChild_LeavesTheChildAlone()
    {
        var parent = await CreateAsync(parent: null);
        var child = await CreateAsync(parent);

        // As if revoke-orphan crashed after orphaning the child and before deleting its index row.
        Assert.NotNull(await _store.UpdateAsync(child.Entry.Key, entry => entry with { Parent = "" }, CancellationToken.None));
        await _store.RevokeTreeAsync(parent.Entry.Key, CancellationToken.None);

        Assert.NotNull(await _store.LookupAsync(child.Id, CancellationToken.None));
        Assert.Null(await _store.LookupAsync(parent.Id, CancellationToken.None));
        Assert.Empty(await KeysAsync(TokenStoragePaths.Parents));
    }

    [Fact]
    public async Task Cache_RevocationHere_EvictsAtOnce()
    {
        var token = await CreateAsync(parent: null);
        Assert.NotNull(await _store.LookupAsync(token.Id, CancellationToken.None));

        await _store.RevokeTreeAsync(token.Entry.Key, CancellationToken.None);

        Assert.Null(await _store.LookupAsync(token.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Lookup_OverlongOrEmptyToken_IsNull()
    {
        Assert.Null(await _store.LookupAsync("", CancellationToken.None));
        Assert.Null(await _store.LookupAsync(new string('a', TokenStore.MaxTokenLength + 1), CancellationToken.None));
        Assert.Null(await _store.LookupAsync("hvb." + new string('A', 100), CancellationToken.None));
    }

    private Task<IssuedToken> CreateAsync(IssuedToken? parent)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var template = new TokenEntry
        {
            Accessor = "",
            Policies = ["default"],
            Path = "auth/token/create",
            CreationTime = now,
            Ttl = 3600,
            ExpireTime = now + 3600,
            Parent = parent?.Entry.Key ?? "",
            Renewable = true,
        };
        return _store.CreateAsync(template, requestedId: null, CancellationToken.None);
    }

    private async Task<IReadOnlyList<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in StorageTree.KeysAsync(_barrier.Storage, prefix, CancellationToken.None))
        {
            keys.Add(key);
        }

        return keys;
    }

    private sealed class RecordingListener : ITokenRevocationListener
    {
        private readonly List<TokenEntry> _revoked = [];

        public IReadOnlyList<TokenEntry> Revoked
        {
            get
            {
                lock (_revoked)
                {
                    return [.. _revoked];
                }
            }
        }

        public Task OnTokenRevokedAsync(TokenEntry token, CancellationToken cancellationToken)
        {
            lock (_revoked)
            {
                _revoked.Add(token);
            }

            return Task.CompletedTask;
        }
    }
}
