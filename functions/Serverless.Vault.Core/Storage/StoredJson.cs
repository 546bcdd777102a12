using System.Text.Encodings.Web;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Storage;

/// <summary>How core records are serialised into storage values: one set of options for every component.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Stored JSON is never embedded in HTML: escaping non-ASCII and '<', '+' as \uXXXX would only inflate a
        // value sixfold per character and push secrets that fit over the storage limit.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>A JSON node as UTF-8 bytes, escaped no more than JSON requires.</summary>
    public static byte[] SerializeNode(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString(Options));
    }

    public static T Deserialize<T>(byte[] value) =>
        JsonSerializer.Deserialize<T>(value, Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} was null.");

    /// <summary>Reads and deserialises a record, or returns null when the key is absent.</summary>
    public static async Task<(T? Value, StorageEntry? Entry)> ReadAsync<T>(IStorage storage, string key, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(storage);
        var entry = await storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return entry is null ? (null, null) : (Deserialize<T>(entry.Value), entry);
    }
}
