namespace Serverless.Vault.Core.Storage;

/// <summary>Walks a folder of a storage recursively.</summary>
public static class StorageTree
{
    /// <summary>Every leaf key under <paramref name="prefix"/> ("" or ending in '/'), depth-first in list order.</summary>
    public static async IAsyncEnumerable<string> KeysAsync(
        IStorage storage, string prefix, [global::System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        foreach (var child in await storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (child.EndsWith('/'))
            {
                await foreach (var key in KeysAsync(storage, prefix + child, cancellationToken).ConfigureAwait(false))
                {
                    yield return key;
                }
            }
            else
            {
                yield return prefix + child;
            }
        }
    }

    /// <summary>Deletes every key under the prefix; returns how many were deleted.</summary>
    public static async Task<int> DeleteAsync(IStorage storage, string prefix, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var key in KeysAsync(storage, prefix, cancellationToken).ConfigureAwait(false))
        {
            await storage.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }
}
