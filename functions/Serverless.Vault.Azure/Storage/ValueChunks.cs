using System.Globalization;
using Azure.Data.Tables;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// Splits a value across binary properties D0, D1, ... of one entity, so that one row holds values larger than a
/// single property. Writes replace the whole entity, so no stale chunk of a longer earlier value survives.
/// </summary>
internal static class ValueChunks
{
    /// <summary>
    /// Bytes per property. The service allows 64 KiB, but KiB-versus-KB has been ambiguous between the service and
    /// its emulator (Azurite#2510), so chunks keep a margin below both readings.
    /// </summary>
    public const int ChunkBytes = 60_000;

    private const string Prefix = "D";

    /// <summary>A row at <paramref name="address"/> holding <paramref name="value"/>.</summary>
    public static TableEntity ToEntity(TableAddress address, ReadOnlySpan<byte> value)
    {
        var entity = new TableEntity(address.PartitionKey, address.RowKey);
        for (int offset = 0, index = 0; offset < value.Length; offset += ChunkBytes, index++)
        {
            var length = Math.Min(ChunkBytes, value.Length - offset);
            entity[Name(index)] = value.Slice(offset, length).ToArray();
        }

        return entity;
    }

    /// <summary>The value stored in <paramref name="entity"/>: its chunks D0, D1, ... joined in order.</summary>
    public static byte[] FromEntity(TableEntity entity)
    {
        var chunks = new List<byte[]>();
        while (entity.TryGetValue(Name(chunks.Count), out var chunk))
        {
            chunks.Add(chunk switch
            {
                byte[] bytes => bytes,
                BinaryData data => data.ToArray(),
                _ => throw new InvalidDataException($"The stored property {Name(chunks.Count)} is not binary."),
            });
        }

        var value = new byte[chunks.Sum(chunk => chunk.Length)];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(value, offset);
            offset += chunk.Length;
        }

        return value;
    }

    private static string Name(int index) => Prefix + index.ToString(CultureInfo.InvariantCulture);
}
