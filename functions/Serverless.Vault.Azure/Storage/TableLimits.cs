using Azure.Data.Tables;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// The limits of the real Table service, checked before a write. Azurite accepts entities over 1 MiB and over 255
/// properties, so without this check tests would pass on writes that Azure refuses in production.
/// Limits from "Understanding the Table service data model" and the Table scalability targets.
/// </summary>
internal static class TableLimits
{
    /// <summary>An entity is at most 1 MiB, measured with the documented size formula (<see cref="EstimateSize"/>).</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>At most 255 properties, counting the system properties PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 255;

    /// <summary>PartitionKey, RowKey and Timestamp are counted against <see cref="MaxProperties"/> too.</summary>
    public const int SystemProperties = 3;

    /// <summary>
    /// A binary or string (UTF-16) property holds at most "64 KiB" by the documentation, but the real service refused
    /// a 65,536-byte string and accepted 64,000 bytes (Azurite#2510, azure-sdk-for-python#38730): read it as 64 KB.
    /// </summary>
    public const int MaxPropertyBytes = 64_000;

    /// <summary>PartitionKey and RowKey are at most 1 KiB each, in UTF-16: 512 characters.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>Throws <see cref="StorageLimitException"/> when a PartitionKey or RowKey is too long or has a forbidden character.</summary>
    public static void ValidateKey(string value, string name)
    {
        if (value.Length > MaxKeyChars)
        {
            throw new StorageLimitException(
                $"The escaped {name} is {value.Length} characters; Table Storage allows {MaxKeyChars}. Use a shorter path or fewer escaped characters.");
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or <= '\u001F' or (>= '\u007F' and <= '\u009F'))
            {
                throw new StorageLimitException($"The {name} contains U+{(int)c:X4}, which Table Storage forbids in keys; escape it first.");
            }
        }
    }

    /// <summary>Throws <see cref="StorageLimitException"/> when Azure would refuse <paramref name="entity"/>.</summary>
    public static void ValidateEntity(TableEntity entity)
    {
        ValidateKey(entity.PartitionKey, nameof(entity.PartitionKey));
        ValidateKey(entity.RowKey, nameof(entity.RowKey));

        var custom = CustomProperties(entity).ToList();
        if (custom.Count + SystemProperties > MaxProperties)
        {
            throw new StorageLimitException(
                $"An entity has at most {MaxProperties - SystemProperties} properties of its own; this one has {custom.Count}.");
        }

        foreach (var (name, value) in custom)
        {
            if (PayloadBytes(value) > MaxPropertyBytes)
            {
                throw new StorageLimitException($"The property {name} is larger than the {MaxPropertyBytes} bytes Table Storage allows per property.");
            }
        }

        var size = EstimateSize(entity);
        if (size > MaxEntityBytes)
        {
            throw new StorageLimitException($"The entity is about {size} bytes; Table Storage allows {MaxEntityBytes}.");
        }
    }

    /// <summary>
    /// The documented estimate: 4 bytes + Len(PartitionKey + RowKey) * 2 + for each property
    /// (8 bytes + Len(name) * 2 + sizeof(value)), where a string is Len * 2 + 4 and a binary Length + 4 bytes.
    /// Timestamp is counted as a property as well, because the service stores it with the entity.
    /// </summary>
    public static long EstimateSize(TableEntity entity)
    {
        long size = 4 + ((long)entity.PartitionKey.Length + entity.RowKey.Length) * 2;
        size += 8 + ("Timestamp".Length * 2) + 8;
        foreach (var (name, value) in CustomProperties(entity))
        {
            size += 8 + ((long)name.Length * 2) + ValueSize(value);
        }

        return size;
    }

    private static IEnumerable<(string Name, object? Value)> CustomProperties(TableEntity entity)
    {
        foreach (var (name, value) in entity)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                yield return (name, value);
            }
        }
    }

    private static long ValueSize(object? value) => value switch
    {
        null => 0,
        string text => ((long)text.Length * 2) + 4,
        byte[] bytes => bytes.Length + 4L,
        BinaryData data => data.ToMemory().Length + 4L,
        bool => 1,
        int => 4,
        long or double or DateTime or DateTimeOffset => 8,
        Guid => 16,
        _ => 8,
    };

    private static long PayloadBytes(object? value) => value switch
    {
        string text => (long)text.Length * 2,
        byte[] bytes => bytes.Length,
        BinaryData data => data.ToMemory().Length,
        _ => 0,
    };
}
