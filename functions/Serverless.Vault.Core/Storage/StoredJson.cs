using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Storage;

/// <summary>How core records are serialised into storage values: one set of options for every component.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

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
