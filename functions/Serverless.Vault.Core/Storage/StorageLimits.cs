namespace Serverless.Vault.Core.Storage;

/// <summary>Limits every storage implementation enforces, so that dev mode refuses what Azure would.</summary>
public static class StorageLimits
{
    /// <summary>
    /// The largest value a storage accepts: 900 KiB. Azure Table Storage caps an entity at 1 MiB; the value is
    /// split into binary properties of at most 60,000 bytes (the service allows 64 KiB), and 900 KiB leaves room
    /// for keys, property names and the per-property overhead in the 1 MiB budget.
    /// </summary>
    public const int MaxValueBytes = 900 * 1024;

    /// <summary>The longest storage key, in UTF-16 code units; the escaped form must also fit a 1 KiB Table key.</summary>
    public const int MaxKeyLength = 400;

    /// <summary>Operations in one atomic batch: Azure's entity group transaction allows 100.</summary>
    public const int MaxBatchWrites = 100;

    /// <summary>
    /// Value bytes in one batch: 2 MiB. Azure caps a transaction's payload at 4 MiB, and binary values travel as
    /// base64 (a third larger) next to the keys and property names.
    /// </summary>
    public const int MaxBatchBytes = 2 * 1024 * 1024;

    /// <summary>Throws <see cref="StorageLimitException"/> when the key is not a valid storage path.</summary>
    public static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key.StartsWith('/') || key.EndsWith('/') || key.Contains("//", StringComparison.Ordinal))
        {
            throw new StorageLimitException($"'{key}' is not a valid storage key: it must be a non-empty path without empty segments.");
        }

        if (key.Length > MaxKeyLength)
        {
            throw new StorageLimitException($"A storage key is at most {MaxKeyLength} characters long.");
        }
    }

    /// <summary>Throws <see cref="StorageLimitException"/> when the value is larger than <see cref="MaxValueBytes"/>.</summary>
    public static void ValidateValue(int length)
    {
        if (length > MaxValueBytes)
        {
            throw new StorageLimitException($"A stored value is at most {MaxValueBytes} bytes; this one has {length}.");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the prefix is neither "" nor a folder path ending in '/'.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && (!prefix.EndsWith('/') || prefix.StartsWith('/') || prefix.Contains("//", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{prefix}' is not a folder prefix: use \"\" or a path ending in '/'.", nameof(prefix));
        }
    }

    /// <summary>
    /// Validates a batch: 1 to <see cref="MaxBatchWrites"/> writes, distinct keys, all in one folder, within
    /// <see cref="MaxBatchBytes"/>. Returns the shared folder ("" for top-level keys).
    /// </summary>
    public static string ValidateBatch(IReadOnlyList<StorageWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count is 0 or > MaxBatchWrites)
        {
            throw new StorageLimitException($"A batch holds 1 to {MaxBatchWrites} writes; this one has {writes.Count}.");
        }

        var folder = FolderOf(writes[0].Key);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var write in writes)
        {
            ValidateKey(write.Key);
            if (write.Value is { } value)
            {
                ValidateValue(value.Length);
                bytes += value.Length;
            }

            if (!keys.Add(write.Key))
            {
                throw new ArgumentException($"The key '{write.Key}' appears twice in one batch.", nameof(writes));
            }

            if (!string.Equals(FolderOf(write.Key), folder, StringComparison.Ordinal))
            {
                throw new ArgumentException("Every key of a batch must be in the same folder.", nameof(writes));
            }
        }

        if (bytes > MaxBatchBytes)
        {
            throw new StorageLimitException($"A batch holds at most {MaxBatchBytes} value bytes; this one has {bytes}.");
        }

        return folder;
    }

    /// <summary>The folder of a key: everything before its last '/', or "" for a top-level key.</summary>
    public static string FolderOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        return slash < 0 ? "" : key[..slash];
    }
}
