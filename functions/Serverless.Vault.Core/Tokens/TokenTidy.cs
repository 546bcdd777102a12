using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// One pass over the token indexes: removes rows whose token is gone (a creation or revocation that crashed) and
/// revokes tokens that are dead but still stored (expired, dying, or under a dead ancestor). Idempotent and resumable.
/// </summary>
internal sealed class TokenTidy(TokenStore store)
{
    /// <summary>
    /// Rows younger than this may belong to a creation still in flight (indexes are written before the entry), so
    /// they are left for the next pass. A creation takes one request, and a request's deadline is far below this.
    /// </summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(5);

    private int _accessorRows;
    private int _parentRows;
    private int _revoked;

    public async Task<TokenTidyResult> RunAsync(CancellationToken cancellationToken)
    {
        foreach (var accessor in await LeavesAsync(TokenStoragePaths.Accessors, cancellationToken).ConfigureAwait(false))
        {
            await TidyAccessorAsync(accessor, TokenStoragePaths.Accessor(accessor), cancellationToken).ConfigureAwait(false);
        }

        // Accessor rows beside the entries are created and deleted with them; a revocation that crashed may leave one.
        foreach (var name in await LeavesAsync(TokenStoragePaths.Ids, cancellationToken).ConfigureAwait(false))
        {
            if (name.StartsWith(TokenStoragePaths.AccessorRowPrefix, StringComparison.Ordinal))
            {
                var accessor = name[TokenStoragePaths.AccessorRowPrefix.Length..];
                await TidyAccessorAsync(accessor, TokenStoragePaths.AccessorBesideEntry(accessor), cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var parent in await store.Storage.ListAsync(TokenStoragePaths.Parents, cancellationToken).ConfigureAwait(false))
        {
            if (parent.EndsWith('/'))
            {
                await TidyChildrenAsync(parent.TrimEnd('/'), cancellationToken).ConfigureAwait(false);
            }
        }

        return new TokenTidyResult(_accessorRows, _parentRows, _revoked);
    }

    private async Task TidyAccessorAsync(string accessor, string path, CancellationToken cancellationToken)
    {
        var (index, _) = await StoredJson.ReadAsync<TokenIndexEntry>(store.Storage, path, cancellationToken).ConfigureAwait(false);
        if (index is null || IsInFlight(index))
        {
            return;
        }

        var (entry, _) = await store.ReadAsync(index.Key, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.Accessor != accessor)
        {
            await store.Storage.DeleteAsync(path, CancellationToken.None).ConfigureAwait(false);
            _accessorRows++;
            return;
        }

        await RevokeIfDeadAsync(index.Key, cancellationToken).ConfigureAwait(false);
    }

    private async Task TidyChildrenAsync(string parentKey, CancellationToken cancellationToken)
    {
        foreach (var child in await LeavesAsync(TokenStoragePaths.ChildrenOf(parentKey), cancellationToken).ConfigureAwait(false))
        {
            var path = TokenStoragePaths.Child(parentKey, child);
            var (index, _) = await StoredJson.ReadAsync<TokenIndexEntry>(store.Storage, path, cancellationToken).ConfigureAwait(false);
            if (index is not null && IsInFlight(index))
            {
                continue;
            }

            var (entry, _) = await store.ReadAsync(child, cancellationToken).ConfigureAwait(false);
            if (entry is null || entry.Parent != parentKey)
            {
                // The child is gone, or was orphaned by revoke-orphan before its row was removed.
                await store.Storage.DeleteAsync(path, CancellationToken.None).ConfigureAwait(false);
                _parentRows++;
                continue;
            }

            await RevokeIfDeadAsync(child, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A stored token that no request would accept any more is revoked for good, with its subtree.</summary>
    private async Task RevokeIfDeadAsync(string key, CancellationToken cancellationToken)
    {
        var (live, _) = await store.Chain.ResolveFreshAsync(key, cancellationToken).ConfigureAwait(false);
        if (live is null && (await store.ReadAsync(key, cancellationToken).ConfigureAwait(false)).Entry is not null)
        {
            await store.RevokeTreeAsync(key, CancellationToken.None).ConfigureAwait(false);
            _revoked++;
        }
    }

    private bool IsInFlight(TokenIndexEntry index) =>
        store.Time.GetUtcNow().ToUnixTimeSeconds() - index.Created < (long)InFlightGrace.TotalSeconds;

    private async Task<IReadOnlyList<string>> LeavesAsync(string prefix, CancellationToken cancellationToken) =>
        [.. (await store.Storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Where(name => !name.EndsWith('/'))];
}
