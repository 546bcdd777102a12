using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Leases;

/// <summary>
/// Ends leases: one, by prefix, by token, or a due one for the sweeper. A failed revocation keeps the lease and moves
/// its due time out by an exponential backoff with jitter; past <see cref="LeaseOptions.MaxAttempts"/> the lease is
/// irrevocable and still retried. A lease row is deleted only after its secret is revoked (or with revoke-force).
/// </summary>
public sealed partial class LeaseRevoker(LeaseStore store, LeaseBackends backends, IOptions<LeaseOptions> options, ILogger<LeaseRevoker> logger)
{
    private const int MaxErrorLength = 512;

    private TimeProvider Time => store.Time;

    /// <summary>Revokes one lease now; an unknown lease is no error (revocation is idempotent). Throws if the backend fails.</summary>
    public async Task RevokeAsync(string leaseId, CancellationToken cancellationToken)
    {
        var (entry, _) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
        if (entry is not null)
        {
            await RevokeEntryAsync(entry, force: false).ConfigureAwait(false);
        }
    }

    /// <summary>Queues a lease for the sweeper's next run instead of revoking it in the request (sync=false).</summary>
    public async Task ScheduleRevocationAsync(string leaseId, CancellationToken cancellationToken)
    {
        await ConflictRetry.RunAsync(
            async () =>
            {
                var (entry, stored) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
                if (entry is not null && stored is not null)
                {
                    var now = Time.GetUtcNow().ToUnixTimeSeconds();
                    await store.UpdateAsync(entry, stored, entry with { ExpireTime = Math.Min(entry.ExpireTime, now), DueTime = now }, CancellationToken.None)
                        .ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Revokes every lease whose id starts with <paramref name="prefix"/> (whole path segments). With
    /// <paramref name="force"/> a backend failure is ignored and the lease forgotten anyway (revoke-force).
    /// </summary>
    public async Task<int> RevokePrefixAsync(string prefix, bool force, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var leaseId in await LeaseIdsUnderAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var (entry, _) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
            if (entry is not null)
            {
                await RevokeEntryAsync(entry, force).ConfigureAwait(false);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Revokes the leases of a revoked token. A lease whose backend fails is handed to the sweeper (due now) rather than
    /// holding up the token's revocation: the token is dead either way, and the sweeper keeps retrying.
    /// </summary>
    public async Task RevokeByTokenAsync(string tokenKey, string? ownLeaseId, CancellationToken cancellationToken)
    {
        if (ownLeaseId is not null)
        {
            // The token's own lease has no row in the token folder (see LeaseStore): it goes by id.
            await store.DeleteOwnTokenLeaseAsync(ownLeaseId, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var (due, path) in await store.TokenRowsAsync(tokenKey, cancellationToken).ConfigureAwait(false))
        {
            if (await store.FollowAsync(path, due, cancellationToken).ConfigureAwait(false) is not var (entry, stored))
            {
                continue;
            }

            if (entry.IsTokenLease)
            {
                // The token's own lease (or a stale one of a child): the token is being revoked already.
                await store.DeleteAsync(entry, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            try
            {
                await backends.RevokeAsync(entry, cancellationToken).ConfigureAwait(false);
                await store.DeleteAsync(entry, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                await RecordFailureAsync(entry, stored, error, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The own lease of the token stored under <paramref name="tokenKey"/> (it has no row in the token folder), or
    /// null when the token or its lease is gone.
    /// </summary>
    internal async Task<(LeaseEntry Entry, StorageEntry Stored)?> OwnTokenLeaseAsync(string tokenKey, CancellationToken cancellationToken)
    {
        if (tokenKey.Length == 0 || await backends.OwnTokenLeaseIdAsync(tokenKey, cancellationToken).ConfigureAwait(false) is not { } leaseId)
        {
            return null;
        }

        var (entry, stored) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
        return entry is not null && stored is not null && LeaseStore.IsOwnTokenLease(entry) ? (entry, stored) : null;
    }

    /// <summary>Every lease id under a prefix ("" for all), walking the id folders.</summary>
    public async Task<IReadOnlyList<string>> LeaseIdsUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.TrimEnd('/').Split('/').Any(s => s is "." or ".." || (s.Length == 0 && prefix.Length > 0)))
        {
            throw VaultException.InvalidRequest("invalid lease prefix");
        }

        var folder = LeaseStoragePaths.Ids + (prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/");
        var ids = new List<string>();
        if (prefix.Length > 0 && !prefix.EndsWith('/') && LeaseIds.IsWellFormed(prefix)
            && await store.Storage.GetAsync(LeaseStoragePaths.Id(prefix), cancellationToken).ConfigureAwait(false) is not null)
        {
            // The prefix names one lease exactly.
            ids.Add(prefix);
        }

        await foreach (var key in StorageTree.KeysAsync(store.Storage, folder, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(key[LeaseStoragePaths.Ids.Length..]);
        }

        return ids;
    }

    /// <summary>
    /// The sweeper's step for one due lease it has claimed: revoke and forget, or record the failure and reschedule.
    /// Returns true when the lease was revoked.
    /// </summary>
    internal async Task<bool> RevokeDueAsync(LeaseEntry entry, StorageEntry stored)
    {
        try
        {
            await backends.RevokeAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            await RecordFailureAsync(entry, stored, error, CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        await store.DeleteAsync(entry, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private async Task RevokeEntryAsync(LeaseEntry entry, bool force)
    {
        // Revocation is not abandoned when the client goes away.
        try
        {
            await backends.RevokeAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            if (!force)
            {
                LogRevokeFailed(logger, error, entry.LeaseId);
                throw error is VaultException vault
                    ? VaultException.InvalidRequest("failed to revoke lease: " + string.Join("; ", vault.Errors))
                    : VaultException.Unavailable("failed to revoke lease: " + Describe(error));
            }

            LogForced(logger, error, entry.LeaseId);
        }

        await store.DeleteAsync(entry, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Counts the failure and moves the lease's due time out by the backoff; marks it irrevocable past the limit.</summary>
    private async Task RecordFailureAsync(LeaseEntry entry, StorageEntry stored, Exception error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var attempts = entry.Attempts + 1;
        var irrevocable = attempts >= settings.MaxAttempts;
        var delay = irrevocable ? settings.IrrevocableRetry : Backoff(settings.RetryBase, attempts);
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var failed = entry with
        {
            Attempts = attempts,
            Irrevocable = irrevocable,
            LastError = Describe(error),
            DueTime = now + Math.Max(1, (long)delay.TotalSeconds),
        };
        LogRetryScheduled(logger, entry.LeaseId, attempts, irrevocable);
        try
        {
            await store.UpdateAsync(entry, stored, failed, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Changed meanwhile (revoked, renewed, claimed elsewhere): whoever changed it owns it now.
        }
    }

    /// <summary>RetryBase doubled per attempt, capped at an hour, with up to ±20 % jitter so retries do not bunch up.</summary>
    internal static TimeSpan Backoff(TimeSpan retryBase, int attempt)
    {
        var seconds = Math.Min(retryBase.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 20)), 3600);
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    /// <summary>A backend's reason, bounded; backends keep secrets out of their messages, and only the message is kept.</summary>
    private static string Describe(Exception error)
    {
        var text = error is VaultException vault ? string.Join("; ", vault.Errors) : error.Message;
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking lease {LeaseId} failed")]
    private static partial void LogRevokeFailed(ILogger logger, Exception error, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking lease {LeaseId} failed; forgotten anyway (revoke-force)")]
    private static partial void LogForced(ILogger logger, Exception error, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocation of lease {LeaseId} failed (attempt {Attempts}, irrevocable: {Irrevocable}); retry scheduled")]
    private static partial void LogRetryScheduled(ILogger logger, string leaseId, int attempts, bool irrevocable);
}
