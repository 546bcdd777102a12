using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>A KV v2 mount's settings; a key's own metadata may override them.</summary>
internal sealed record KvConfig
{
    /// <summary>Vault keeps 10 versions unless told otherwise.</summary>
    public const long DefaultMaxVersions = 10;

    [JsonPropertyName("max_versions")]
    public long MaxVersions { get; init; }

    [JsonPropertyName("cas_required")]
    public bool CasRequired { get; init; }

    /// <summary>Seconds; 0 means versions never expire.</summary>
    [JsonPropertyName("delete_version_after")]
    public long DeleteVersionAfter { get; init; }
}
