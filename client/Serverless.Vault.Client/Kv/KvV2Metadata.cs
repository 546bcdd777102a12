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

    /// <summary>Zero when versions are not deleted automatically.</summary>
    [JsonPropertyName("delete_version_after")]
    [JsonConverter(typeof(VaultDuration))]
    public TimeSpan DeleteVersionAfter { get; init; }

    [JsonPropertyName("created_time")]
    public DateTimeOffset? CreatedTime { get; init; }

    [JsonPropertyName("updated_time")]
    public DateTimeOffset? UpdatedTime { get; init; }

    [JsonPropertyName("custom_metadata")]
    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }

    /// <summary>The versions still kept, by version number.</summary>
    [JsonPropertyName("versions")]
    public IReadOnlyDictionary<int, KvV2VersionMetadata>? Versions { get; init; }
}
