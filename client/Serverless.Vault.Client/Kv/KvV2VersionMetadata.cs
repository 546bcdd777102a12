using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Kv;

/// <summary>One version of a KV v2 secret as a write, a patch or the metadata's <c>versions</c> map describes it.</summary>
public sealed record KvV2VersionMetadata
{
    /// <summary>0 inside the metadata's <c>versions</c> map, whose keys are the versions.</summary>
    [JsonPropertyName("version")]
    public int Version { get; init; }

    [JsonPropertyName("created_time")]
    public DateTimeOffset? CreatedTime { get; init; }

    /// <summary>When the version was or will be soft-deleted; null when it is not.</summary>
    [JsonPropertyName("deletion_time")]
    [JsonConverter(typeof(OptionalTimestamp))]
    public DateTimeOffset? DeletionTime { get; init; }

    [JsonPropertyName("destroyed")]
    public bool Destroyed { get; init; }

    [JsonPropertyName("custom_metadata")]
    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }
}
