using Azure;
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

    /// <summary>The body of an entity group transaction is at most 4 MiB ("Performing entity group transactions").</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>The multipart envelope of a transaction: the batch and changeset boundaries and headers (about 250 bytes measured).</summary>
    public const int TransactionEnvelopeBytes = 512;

    /// <summary>
    /// What one operation of a transaction adds besides its keys and properties: its MIME part headers, the HTTP
    /// request line and headers (an If-Match ETag among them) and the table URL with its query string. Measured at
    /// about 500 bytes against Azurite; an Azure account and table name add at most 87 characters, so 1 KiB leaves
    /// room for a longer custom endpoint.
    /// </summary>
    public const int OperationOverheadBytes = 1024;

    /// <summary>True when the service refused a write as too large, by status or error code.</summary>
    public static bool IsSizeRefusal(RequestFailedException exception) =>
        exception.Status == 413 || exception.ErrorCode is "EntityTooLarge" or "PropertyValueTooLarge" or "RequestBodyTooLarge";

    /// <summary>True when both keys of <paramref name="address"/> are short enough for Table Storage.</summary>
    public static bool Fits(TableAddress address) => address.PartitionKey.Length <= MaxKeyChars && address.RowKey.Length <= MaxKeyChars;

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

    /// <summary>
    /// An upper bound on the bytes one operation adds to a transaction body (<see cref="MaxTransactionBytes"/>). The
    /// keys appear twice: percent-encoded in the URL, where an ASCII character takes at most 3 bytes (%XX; a quote 6,
    /// doubled then encoded) and any other at most 9 (three UTF-8 bytes as %XX), and in the JSON body of a write,
    /// where the SDK writes quotes, other punctuation and non-ASCII characters as 6-byte \uXXXX escapes. Binary
    /// properties travel as base64 next to an Edm.Binary type annotation. A delete has no body.
    /// </summary>
    public static long EstimateOperationBytes(TableAddress address, TableEntity? body)
    {
        long size = OperationOverheadBytes;
        foreach (var key in new[] { address.PartitionKey, address.RowKey })
        {
            foreach (var c in key)
            {
                var plain = char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
                size += plain ? 1 : c == '\'' ? 6 : c < 0x80 ? 3 : 9; // URL
                size += body is null ? 0 : plain || c == '%' ? 1 : 6; // JSON
            }
        }

        if (body is not null)
        {
            foreach (var (name, value) in CustomProperties(body))
            {
                // "name":value,"name@odata.type":"Edm.Xxx", with room for the quotes and separators.
                size += (2L * name.Length) + 48 + JsonValueSize(value);
            }
        }

        return size;
    }

    private static long JsonValueSize(object? value) => value switch
    {
        byte[] bytes => 4L * ((bytes.Length + 2) / 3),
        BinaryData data => 4L * ((data.ToMemory().Length + 2) / 3),
        string text => 6L * text.Length,
        _ => 64,
    };

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
