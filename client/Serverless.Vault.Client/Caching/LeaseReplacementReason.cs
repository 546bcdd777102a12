namespace Serverless.Vault.Client.Caching;

/// <summary>Why the cache replaced an entry's credentials with new ones.</summary>
public enum LeaseReplacementReason
{
    /// <summary>The lease is not renewable and the renewal fraction of its duration has passed.</summary>
    Expiring,

    /// <summary>A renewal granted less than the original duration: the lease's max TTL is near.</summary>
    MaxTtlReached,

    /// <summary>A renewal failed (the vault was unreachable or answered with an error other than "lease gone").</summary>
    RenewalFailed,

    /// <summary>The vault no longer knows the lease (revoked or expired server-side).</summary>
    LeaseRevoked,

    /// <summary>A consumer invalidated the entry, for example after the credentials were refused.</summary>
    Invalidated,
}
