using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// A stored secret ID. The secret itself is never stored: the entry's key is its HMAC. Times are Unix seconds;
/// an expiration of 0 means it never expires.
/// </summary>
internal sealed record AppRoleSecretId
{
    [JsonPropertyName("secret_id_accessor")]
    public required string Accessor { get; init; }

    [JsonPropertyName("secret_id_num_uses")]
    public long NumUses { get; init; }

    [JsonPropertyName("secret_id_ttl")]
    public long Ttl { get; init; }

    [JsonPropertyName("cidr_list")]
    public IReadOnlyList<string> CidrList { get; init; } = [];

    [JsonPropertyName("token_bound_cidrs")]
    public IReadOnlyList<string> TokenBoundCidrs { get; init; } = [];

    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("creation_time")]
    public long CreationTime { get; init; }

    [JsonPropertyName("expiration_time")]
    public long ExpirationTime { get; init; }

    [JsonPropertyName("last_updated_time")]
    public long LastUpdatedTime { get; init; }

    public bool IsExpired(long now) => ExpirationTime > 0 && now >= ExpirationTime;
}
