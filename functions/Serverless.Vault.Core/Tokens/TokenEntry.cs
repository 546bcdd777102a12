using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Tokens;

/// <summary>A token as stored: keyed by the HMAC of its id, which itself is never stored.</summary>
public sealed record TokenEntry
{
    [JsonPropertyName("accessor")]
    public required string Accessor { get; init; }

    [JsonPropertyName("policies")]
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>The path that created it, e.g. "auth/token/root" or "auth/approle/login".</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("display_name")]
    public string DisplayName { get; init; } = "token";

    [JsonPropertyName("creation_time")]
    public long CreationTime { get; init; }

    /// <summary>The TTL given at creation, in seconds; 0 for tokens that never expire (root tokens).</summary>
    [JsonPropertyName("ttl")]
    public long Ttl { get; init; }

    /// <summary>Unix seconds after which the token is dead; 0 means never. Renewal moves it.</summary>
    [JsonPropertyName("expire_time")]
    public long ExpireTime { get; init; }

    /// <summary>Unix seconds of the last renewal; 0 when never renewed.</summary>
    [JsonPropertyName("last_renewal_time")]
    public long LastRenewalTime { get; init; }

    [JsonPropertyName("meta")]
    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>The storage hash (HMAC) of the parent token; "" for orphans.</summary>
    [JsonPropertyName("parent")]
    public string Parent { get; init; } = "";

    /// <summary>Uses left; 0 means unlimited.</summary>
    [JsonPropertyName("num_uses")]
    public long NumUses { get; init; }

    [JsonPropertyName("explicit_max_ttl")]
    public long ExplicitMaxTtl { get; init; }

    [JsonPropertyName("period")]
    public long Period { get; init; }

    /// <summary>
    /// The longest life from creation its issuer allows (an auth method role's token_max_ttl, capped by the method's
    /// mount), in seconds; renewals stop there. 0 when only the token store's limits apply.
    /// </summary>
    [JsonPropertyName("max_ttl")]
    public long MaxTtl { get; init; }

    /// <summary>Client addresses (CIDR blocks) the token may be used from; empty means anywhere.</summary>
    [JsonPropertyName("bound_cidrs")]
    public IReadOnlyList<string>? BoundCidrs { get; init; }

    [JsonPropertyName("role")]
    public string Role { get; init; } = "";

    /// <summary>
    /// What the auth method that issued the token keeps to check the login again at renewal (GitHub: the personal
    /// access token), as Vault keeps it in the login's internal data. Stored behind the barrier with the entry, never
    /// answered, audited or put in a batch token.
    /// </summary>
    [JsonPropertyName("internal_data")]
    public IReadOnlyDictionary<string, string>? InternalData { get; init; }

    /// <summary>True on a cached copy whose <see cref="InternalData"/> was left out (see <c>TokenCache.Set</c>).</summary>
    [JsonIgnore]
    public bool InternalDataLeftOut { get; init; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; init; }

    /// <summary>"service" or "batch" (batch entries are never stored; they come out of the token itself).</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = TokenTypes.Service;

    /// <summary>
    /// Set first when a revocation starts: the token is dead from then on, while its children, leases and indexes are
    /// cleaned up; a revocation that crashed is finished by tidy.
    /// </summary>
    [JsonPropertyName("revocation_pending")]
    public bool RevocationPending { get; init; }

    /// <summary>
    /// Whether the accessor row lives beside the entry (<see cref="TokenStoragePaths.AccessorBesideEntry"/>), written and
    /// deleted in one transaction with it; false for tokens created before that layout.
    /// </summary>
    [JsonPropertyName("accessor_beside_entry")]
    public bool AccessorBesideEntry { get; init; }

    /// <summary>The storage hash of this token (not stored: it is the entry's key); "" for batch tokens.</summary>
    [JsonIgnore]
    public string Key { get; init; } = "";

    [JsonIgnore]
    public bool IsRoot => Policies.Contains("root", StringComparer.Ordinal);

    [JsonIgnore]
    public bool IsBatch => Type == TokenTypes.Batch;

    [JsonIgnore]
    public bool IsOrphan => Parent.Length == 0;

    /// <summary>True when a token with an expiry has reached it at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpireTime > 0 && now.ToUnixTimeSeconds() >= ExpireTime;

    /// <summary>Whole seconds left before expiry; 0 for tokens that never expire.</summary>
    public long RemainingTtl(DateTimeOffset now) => ExpireTime > 0 ? Math.Max(0, ExpireTime - now.ToUnixTimeSeconds()) : 0;
}
