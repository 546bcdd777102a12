namespace Serverless.Vault.Core.Storage;

/// <summary>
/// A path-keyed store. Keys are '/'-separated paths without a leading '/'; a key never ends in '/'.
/// </summary>
public interface IStorage
{
    /// <summary>Returns the entry, or null when the key does not exist.</summary>
    Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the value and returns its new ETag. Throws <see cref="StorageConflictException"/> when
    /// <paramref name="condition"/> does not hold and <see cref="StorageLimitException"/> when the value is too large.
    /// </summary>
    Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken);

    /// <summary>Deletes the key; deleting a missing key succeeds.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Applies all writes or none: every key in one folder (one Table partition), at most
    /// <see cref="StorageLimits.MaxBatchWrites"/> writes and <see cref="StorageLimits.MaxBatchBytes"/> bytes.
    /// Returns the new ETag of each put (null for deletes), in order. Throws <see cref="StorageConflictException"/>
    /// when any condition fails, and then nothing is written.
    /// </summary>
    Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the immediate children of <paramref name="prefix"/> ("" or a path ending in '/'), sorted ordinally:
    /// leaves as "name", non-empty sub-folders as "name/".
    /// </summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);
}
