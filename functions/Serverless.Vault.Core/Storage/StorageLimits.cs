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
}
