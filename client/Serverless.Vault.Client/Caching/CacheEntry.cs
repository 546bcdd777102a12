namespace Serverless.Vault.Client.Caching;

/// <summary>
/// One key's credentials. <see cref="RefreshAt"/> is when callers stop getting them as they are (renew or replace);
/// <see cref="DueReason"/> says why they would be replaced then; <see cref="StaleReason"/>, when set, means they must
/// not be handed out again.
/// </summary>
internal sealed record CacheEntry(
    object Value,
    Lease Lease,
    TimeSpan OriginalDuration,
    DateTimeOffset RefreshAt,
    bool CanRenew,
    LeaseReplacementReason DueReason,
    LeaseReplacementReason? StaleReason = null)
{
    public bool IsFreshAt(DateTimeOffset now) => StaleReason is null && now < RefreshAt;

    /// <summary>Usable as a fallback while a refresh fails: not stale and inside its lease.</summary>
    public bool IsValidAt(DateTimeOffset now) => StaleReason is null && (Lease.Duration <= TimeSpan.Zero || now < Lease.ExpiresAt);

    // The value is a secret: only the lease is printed.
    public override string ToString() => $"CacheEntry {{ Lease = {Lease}, RefreshAt = {RefreshAt:O}, StaleReason = {StaleReason} }}";
}
