using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>cache-config as stored (<see cref="TransitStorageKeys.CacheConfig"/>): 0 means unbounded.</summary>
internal sealed record CacheConfigRecord
{
    [JsonPropertyName("size")]
    public long Size { get; init; }
}
