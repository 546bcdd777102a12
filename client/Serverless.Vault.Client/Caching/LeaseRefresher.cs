using System.Net;
using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Client.Caching;

/// <summary>
/// One refresh of one key: renew the lease when that is still possible and worth it, otherwise fetch new credentials.
/// Returns the next entry and, when the credentials were replaced, why.
/// </summary>
internal sealed class LeaseRefresher(
    VaultClient client,
    LeasedCredentialCacheOptions options,
    ILogger logger,
    CacheSlot slot,
    Func<CancellationToken, Task<LeasedValue<object>>> fetch)
{
    public async Task<(CacheEntry Next, LeaseReplacementReason? Reason)> RunAsync(CacheEntry? current, CancellationToken cancellationToken)
    {
        if (current is { StaleReason: null, CanRenew: true } && client.Time.GetUtcNow() < current.Lease.ExpiresAt)
        {
            var (renewed, replacing) = await TryRenewAsync(current, cancellationToken).ConfigureAwait(false);
            if (renewed is not null)
            {
                return (renewed, null);
            }

            current = replacing;
        }

        var fetched = await fetch(cancellationToken).ConfigureAwait(false);
        CacheLog.Fetched(logger, slot.Key, fetched.Lease.Id, fetched.Lease.Duration);
        return (NewEntry(fetched), current is null ? null : current.StaleReason ?? current.DueReason);
    }

    /// <summary>The renewed entry, or null and the entry as it stands for its replacement.</summary>
    private async Task<(CacheEntry? Renewed, CacheEntry Replacing)> TryRenewAsync(CacheEntry current, CancellationToken cancellationToken)
    {
        try
        {
            var lease = await client.Leases.RenewAsync(current.Lease.Id, current.OriginalDuration, cancellationToken).ConfigureAwait(false);
            if (lease.Duration >= current.OriginalDuration)
            {
                CacheLog.Renewed(logger, slot.Key, lease.Id, lease.Duration);
                return (current with { Lease = lease, RefreshAt = RenewAt(lease) }, current);
            }

            // Vault grants less than asked only when the max TTL caps it: later renewals would shrink further.
            var replaceAt = lease.ExpiresAt - options.ReplaceMargin;
            CacheLog.RenewalCapped(logger, slot.Key, lease.Id, lease.Duration, current.OriginalDuration, replaceAt);
            var capped = current with { Lease = lease, CanRenew = false, RefreshAt = replaceAt, DueReason = LeaseReplacementReason.MaxTtlReached };
            return replaceAt > client.Time.GetUtcNow() ? (capped, capped) : (null, capped);
        }
        catch (VaultApiException error) when (error.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // "lease not found", "invalid lease", "lease expired": the credentials are (or are about to be) dropped.
            CacheLog.LeaseGone(logger, slot.Key, current.Lease.Id, error.StatusCode);
            var gone = current with { StaleReason = LeaseReplacementReason.LeaseRevoked };
            lock (slot.Gate)
            {
                slot.Entry = gone;
            }

            return (null, gone);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable vault or a server error: the lease still runs, but it cannot be relied on to be extended.
            CacheLog.RenewalFailed(logger, error, slot.Key, current.Lease.Id);
            return (null, current with { DueReason = LeaseReplacementReason.RenewalFailed });
        }
    }

    private CacheEntry NewEntry(LeasedValue<object> fetched)
    {
        var lease = fetched.Lease;
        var canRenew = lease.Renewable && lease.Id.Length > 0 && lease.Duration > TimeSpan.Zero;
        return new CacheEntry(fetched.Value, lease, lease.Duration, RenewAt(lease), canRenew, LeaseReplacementReason.Expiring);
    }

    /// <summary>A lease without a duration never expires, so it is never refreshed.</summary>
    private DateTimeOffset RenewAt(Lease lease) =>
        lease.Duration <= TimeSpan.Zero ? DateTimeOffset.MaxValue : lease.IssuedAt + (lease.Duration * options.RenewAtFraction);
}
