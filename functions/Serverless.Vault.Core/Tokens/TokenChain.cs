namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Decides whether a service token is live: its entry and every ancestor's exist, are not dying and have not expired.
/// Entries come from this instance's cache when fresh enough; a refusal is never based on the cache alone (an
/// ancestor may since have been renewed, or the token orphaned), so a negative answer is re-checked in storage.
/// Runs on every request: ValueTasks, so a chain answered from the cache allocates no task.
/// </summary>
internal sealed class TokenChain(TokenStore store)
{
    /// <summary>The live entry for a token hash, its whole ancestry checked; null when it or an ancestor is dead.</summary>
    public async ValueTask<TokenEntry?> ResolveAsync(string key, CancellationToken cancellationToken)
    {
        var (entry, _, usedCache) = await ResolveChainAsync(key, useCache: true, cancellationToken).ConfigureAwait(false);
        if (entry is null && usedCache)
        {
            // A refusal never rests on cached data: the cache may hold an ancestor that was since orphaned or renewed.
            (entry, _, _) = await ResolveChainAsync(key, useCache: false, cancellationToken).ConfigureAwait(false);
        }

        return entry;
    }

    /// <summary>The live entry and its depth (0 for an orphan), read fresh from storage for every level.</summary>
    public async ValueTask<(TokenEntry? Entry, int Depth)> ResolveFreshAsync(string key, CancellationToken cancellationToken)
    {
        var (entry, depth, _) = await ResolveChainAsync(key, useCache: false, cancellationToken).ConfigureAwait(false);
        return (entry, depth);
    }

    /// <summary>Depth of a live token in its tree (0 for an orphan), or -1 when it or an ancestor is dead.</summary>
    public async ValueTask<int> DepthAsync(string key, CancellationToken cancellationToken)
    {
        var (entry, depth, usedCache) = await ResolveChainAsync(key, useCache: true, cancellationToken).ConfigureAwait(false);
        if (entry is null && usedCache)
        {
            (entry, depth, _) = await ResolveChainAsync(key, useCache: false, cancellationToken).ConfigureAwait(false);
        }

        return entry is null ? -1 : depth;
    }

    private async ValueTask<(TokenEntry? Entry, int Depth, bool UsedCache)> ResolveChainAsync(string key, bool useCache, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        TokenEntry? first = null;
        var usedCache = false;
        var current = key;
        for (var depth = 0; ; depth++)
        {
            if (depth > TokenStore.MaxTreeDepth)
            {
                return (null, depth, usedCache);
            }

            var entry = useCache ? store.Cache.Get(current, now) : null;
            if (entry is null)
            {
                (entry, _) = await store.ReadAsync(current, cancellationToken).ConfigureAwait(false);
                if (entry is not null && !entry.RevocationPending && !entry.IsExpired(now))
                {
                    store.Cache.Set(entry);
                }
            }
            else
            {
                usedCache = true;
            }

            if (entry is null || entry.RevocationPending || entry.IsExpired(now))
            {
                return (null, depth, usedCache);
            }

            first ??= entry;
            if (entry.IsOrphan)
            {
                return (first, depth, usedCache);
            }

            current = entry.Parent;
        }
    }
}
