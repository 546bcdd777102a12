using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// One KV v2 secret's metadata row, carrying the current version's data too: the common read (latest version)
/// is then one storage read. Older versions' data lives in rows of their own.
/// </summary>
internal sealed record KvSecretRecord
{
    [JsonPropertyName("current_version")]
    public long CurrentVersion { get; init; }

    [JsonPropertyName("oldest_version")]
    public long OldestVersion { get; init; }

    /// <summary>0: use the mount's setting.</summary>
    [JsonPropertyName("max_versions")]
    public long MaxVersions { get; init; }

    [JsonPropertyName("cas_required")]
    public bool CasRequired { get; init; }

    /// <summary>Seconds; 0: use the mount's setting.</summary>
    [JsonPropertyName("delete_version_after")]
    public long DeleteVersionAfter { get; init; }

    [JsonPropertyName("custom_metadata")]
    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }

    [JsonPropertyName("created_time")]
    public DateTimeOffset CreatedTime { get; init; }

    [JsonPropertyName("updated_time")]
    public DateTimeOffset UpdatedTime { get; init; }

    [JsonPropertyName("versions")]
    public IReadOnlyDictionary<long, KvVersionInfo> Versions { get; init; } = new Dictionary<long, KvVersionInfo>();

    /// <summary>The current version's data; null when there is none or it was destroyed.</summary>
    [JsonPropertyName("current_data")]
    public JsonObject? CurrentData { get; init; }

    /// <summary>The key's setting when set, else the mount's, else 10.</summary>
    public long EffectiveMaxVersions(KvConfig config) =>
        MaxVersions > 0 ? MaxVersions : config.MaxVersions > 0 ? config.MaxVersions : KvConfig.DefaultMaxVersions;

    /// <summary>The smaller non-zero of the key's and the mount's setting, as in Vault.</summary>
    public long EffectiveDeleteVersionAfter(KvConfig config) =>
        (DeleteVersionAfter, config.DeleteVersionAfter) switch
        {
            (0, var mount) => mount,
            (var key, 0) => key,
            var (key, mount) => Math.Min(key, mount),
        };
}
