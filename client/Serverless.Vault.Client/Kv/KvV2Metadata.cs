using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Kv;

/// <summary><c>&lt;mount&gt;/metadata/&lt;path&gt;</c>.</summary>
public sealed record KvV2Metadata
{
    [JsonPropertyName("current_version")]
    public int CurrentVersion { get; init; }

    [JsonPropertyName("oldest_version")]
    public int OldestVersion { get; init; }

    [JsonPropertyName("max_versions")]
    public int MaxVersions { get; init; }

    [JsonPropertyName("cas_required")]
    public bool CasRequired { get; init; }

    [JsonPropertyName("updated_time")]
    public DateTimeOffset? UpdatedTime { get; init; }

    [JsonPropertyName("custom_metadata")]
    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }
}
