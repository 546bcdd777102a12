using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Revokes service tokens. A tree is walked depth-first with an explicit stack (no recursion, so no depth limit to
/// hit): each token is first marked dying (it stops working at once everywhere its entry is read), then its children
/// are revoked, then its leases (listeners), indexes and finally its entry are deleted. A crash leaves dying entries
/// that tidy finishes; nothing revoked ever comes back.
/// </summary>
internal sealed partial class TokenRevoker(TokenStore store, IReadOnlyList<ITokenRevocationListener> listeners, ILogger logger)
{
    /// <summary>
    /// Tokens revoked by one call at most. A larger tree is left marked dying at its top (so already unusable below
    /// it) and the caller is told to retry; each call makes progress, and tidy finishes the rest.
    /// </summary>
    public const int MaxTokensPerCall = 5_000;

    private const int MaxMarkAttempts = 32;

    /// <summary>Takes no cancellation token: revocation is security-relevant and is not abandoned when a client goes away.</summary>
    public async Task RevokeTreeAsync(string rootKey)
    {
        var none = CancellationToken.None;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        // Parent is the node whose index row led here (null for the root), Entry the marked entry once expanded.
        var stack = new Stack<(string Key, string? Parent, TokenEntry? Entry, bool Expanded)>();
        stack.Push((rootKey, null, null, false));
        while (stack.Count > 0)
        {
            var (key, parent, entry, expanded) = stack.Pop();
            if (expanded)
            {
                await FinishAsync(key, entry, none).ConfigureAwait(false);
                continue;
            }

            if (!visited.Add(key))
            {
                continue;
            }

            if (visited.Count > MaxTokensPerCall)
            {
                throw VaultException.Unavailable("the token tree is too large to revoke in one request; retry to continue");
            }

            var (marked, stale) = await MarkDyingAsync(key, parent, none).ConfigureAwait(false);
            if (stale)
            {
                // The row outlived a move (revoke-orphan, a lost duplicate-id race): the token is not this parent's child.
                await store.Storage.DeleteAsync(TokenStoragePaths.Child(parent!, key), none).ConfigureAwait(false);
                continue;
            }

            stack.Push((key, parent, marked, true));
            foreach (var child in await ChildrenAsync(key, none).ConfigureAwait(false))
            {
                if (visited.Contains(child))
                {
                    // A cycle cannot be created through the API; drop the row rather than loop.
                    await store.Storage.DeleteAsync(TokenStoragePaths.Child(key, child), none).ConfigureAwait(false);
                    continue;
                }

                stack.Push((child, key, null, false));
            }
        }

        LogRevokedTree(logger, visited.Count);
    }

    /// <summary>Detaches the children (each becomes an orphan, then loses its index row), then revokes the token.</summary>
    public async Task RevokeOrphanAsync(string key)
    {
        var none = CancellationToken.None;
        foreach (var child in await ChildrenAsync(key, none).ConfigureAwait(false))
        {
            // Entry first, index row second: a crash in between leaves a row tidy removes, never a child still tied
            // to a parent that is about to die.
            await store.UpdateAsync(child, entry => entry.Parent == key ? entry with { Parent = "" } : entry, none).ConfigureAwait(false);
            await store.Storage.DeleteAsync(TokenStoragePaths.Child(key, child), none).ConfigureAwait(false);
        }

        await RevokeTreeAsync(key).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> ChildrenAsync(string key, CancellationToken cancellationToken) =>
        [.. (await store.Storage.ListAsync(TokenStoragePaths.ChildrenOf(key), cancellationToken).ConfigureAwait(false)).Where(name => !name.EndsWith('/'))];

    /// <summary>
    /// Marks the entry dying with an ETag check and returns it (null when there is no entry: a dangling index row).
    /// Stale is true, and nothing is marked, when the entry names another parent than the row that led to it.
    /// </summary>
    private async Task<(TokenEntry? Entry, bool Stale)> MarkDyingAsync(string key, string? parent, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (entry, stored) = await store.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (entry is not null && parent is not null && entry.Parent != parent)
            {
                return (entry, true);
            }

            store.Cache.MarkRevoked(key);
            if (entry is null || stored is null || entry.RevocationPending)
            {
                return (entry, false);
            }

            var dying = entry with { RevocationPending = true };
            try
            {
                await store.Storage.PutAsync(TokenStoragePaths.Id(key), StoredJson.Serialize(dying), PutCondition.IfMatch(stored.ETag), cancellationToken).ConfigureAwait(false);
                return (dying, false);
            }
            catch (StorageConflictException) when (attempt < MaxMarkAttempts)
            {
                // A use or renewal raced the mark: read again.
            }
        }
    }

    private async Task FinishAsync(string key, TokenEntry? entry, CancellationToken cancellationToken)
    {
        if (entry is not null)
        {
            foreach (var listener in listeners)
            {
                await listener.OnTokenRevokedAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            if (entry.Accessor.Length > 0 && !entry.AccessorBesideEntry)
            {
                await store.Storage.DeleteAsync(TokenStoragePaths.Accessor(entry.Accessor), cancellationToken).ConfigureAwait(false);
            }

            if (!entry.IsOrphan)
            {
                await store.Storage.DeleteAsync(TokenStoragePaths.Child(entry.Parent, key), cancellationToken).ConfigureAwait(false);
            }
        }

        // Rows of children whose entries were missing (creations that crashed before their entry).
        foreach (var child in await ChildrenAsync(key, cancellationToken).ConfigureAwait(false))
        {
            await store.Storage.DeleteAsync(TokenStoragePaths.Child(key, child), cancellationToken).ConfigureAwait(false);
        }

        // The entry goes last (with its accessor row when that lives beside it): until then the dying mark keeps the
        // token dead and lets tidy find the leftovers.
        if (entry is { AccessorBesideEntry: true, Accessor.Length: > 0 })
        {
            await store.Storage.CommitAsync(
                [
                    StorageWrite.Delete(TokenStoragePaths.AccessorBesideEntry(entry.Accessor), PutCondition.None),
                    StorageWrite.Delete(TokenStoragePaths.Id(key), PutCondition.None),
                ],
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await store.Storage.DeleteAsync(TokenStoragePaths.Id(key), cancellationToken).ConfigureAwait(false);
        }
        store.Cache.MarkRevoked(key);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked a token tree of {Count} tokens")]
    private static partial void LogRevokedTree(ILogger logger, int count);
}
