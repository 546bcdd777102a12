using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Leases;

/// <summary>
/// Vault's expiration manager without in-memory timers: registers leased secrets, renews and revokes them, and
/// schedules failed revocations for the sweeper. Every state change is a storage write, so any instance can pick up
/// where another left off.
/// </summary>
public sealed partial class LeaseManager(
    LeaseStore store,
    IServiceProvider services,
    IOptions<LeaseOptions> options,
    ILogger<LeaseManager> logger)
{
    private const int MaxErrorLength = 512;

    // Resolved on first use: the router builds the system backend, whose lease paths need this manager.
    private MountRouter Router => services.GetRequiredService<MountRouter>();

    private TokenStore Tokens => services.GetRequiredService<TokenStore>();

    private TimeProvider Time => store.Time;

    /// <summary>Registers the response's secret and fills the envelope's lease fields; revokes the secret if that fails.</summary>
    public async Task<VaultResponse> RegisterAsync(VaultRequest request, VaultResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var secret = response.Secret ?? throw new ArgumentException("The response carries no secret.", nameof(response));
        var mount = request.Mount ?? throw new InvalidOperationException("A leased secret must come from a mount.");
        var maxTtl = MountDefaults.EffectiveMaxTtl(mount.Config);
        if (secret.MaxTtl > TimeSpan.Zero)
        {
            maxTtl = Math.Min(maxTtl, (long)secret.MaxTtl.TotalSeconds);
        }

        var ttl = secret.Ttl > TimeSpan.Zero ? (long)secret.Ttl.TotalSeconds : MountDefaults.EffectiveDefaultTtl(mount.Config);
        ttl = Math.Max(1, Math.Min(ttl, maxTtl));
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var token = request.Token;
        var entry = new LeaseEntry
        {
            LeaseId = LeaseIds.New(request.OriginalPath),
            MountUuid = mount.Uuid,
            // A batch token is not stored: its leases go with its parent, as in Vault.
            TokenKey = token is null ? "" : token.IsBatch ? token.Parent : token.Key,
            IssueTime = now,
            ExpireTime = now + ttl,
            MaxExpireTime = now + maxTtl,
            DueTime = now + ttl,
            Ttl = ttl,
            Renewable = secret.Renewable,
            InternalData = secret.InternalData,
        };

        try
        {
            // Not abandoned when the client goes away: the secret exists on its target now.
            await store.CreateAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogRegistrationFailed(logger, error, request.OriginalPath);
            await RevokeOnBackendAsync(entry, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return response with { Secret = null, LeaseId = entry.LeaseId, LeaseDuration = ttl, Renewable = entry.Renewable };
    }

    /// <summary>
    /// Gives the service token in an auth block (a login, a token creation or renewal) a lease row that follows its
    /// expiry, id <c>&lt;creating path&gt;/h&lt;token hash&gt;</c>: the sweeper revokes the token when it expires.
    /// Tokens that never expire, and batch tokens (never stored), get none.
    /// </summary>
    public async Task TrackTokenAsync(VaultResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Auth?["client_token"]?.GetValue<string>() is not { Length: > 0 } id
            || await Tokens.LookupAsync(id, cancellationToken).ConfigureAwait(false) is not { IsBatch: false, ExpireTime: > 0 } token)
        {
            return;
        }

        var leaseId = token.Path.TrimEnd('/') + "/h" + token.Key;
        await ConflictRetry.RunAsync(
            async () =>
            {
                var (entry, stored) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
                if (entry is null || stored is null)
                {
                    await store.CreateAsync(
                        new LeaseEntry
                        {
                            LeaseId = leaseId,
                            IsTokenLease = true,
                            TokenKey = token.Key,
                            IssueTime = token.CreationTime,
                            ExpireTime = token.ExpireTime,
                            MaxExpireTime = token.ExpireTime,
                            DueTime = token.ExpireTime,
                            Ttl = token.Ttl,
                            Renewable = token.Renewable,
                        },
                        CancellationToken.None).ConfigureAwait(false);
                }
                else if (entry.ExpireTime != token.ExpireTime && entry.Attempts == 0)
                {
                    var renewed = entry with
                    {
                        ExpireTime = token.ExpireTime,
                        MaxExpireTime = Math.Max(entry.MaxExpireTime, token.ExpireTime),
                        DueTime = token.ExpireTime,
                        LastRenewal = token.LastRenewalTime,
                    };
                    await store.UpdateAsync(entry, stored, renewed, CancellationToken.None).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<LeaseEntry?> LookupAsync(string leaseId, CancellationToken cancellationToken) =>
        (await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false)).Entry;

    /// <summary>Extends a lease by <paramref name="increment"/> from now (its original TTL when zero), never past its max.</summary>
    public async Task<(LeaseEntry Lease, IReadOnlyList<string> Warnings)> RenewAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken)
    {
        return await ConflictRetry.RunAsync(
            async () =>
            {
                var (entry, stored) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
                if (entry is null || stored is null)
                {
                    throw VaultException.InvalidRequest("lease not found");
                }

                var now = Time.GetUtcNow().ToUnixTimeSeconds();
                if (!entry.Renewable)
                {
                    throw VaultException.InvalidRequest("lease is not renewable");
                }

                if (now >= entry.ExpireTime || entry.Attempts > 0)
                {
                    throw VaultException.InvalidRequest("lease expired");
                }

                var requested = increment > TimeSpan.Zero ? (long)increment.TotalSeconds : entry.Ttl;
                var newExpire = Math.Min(now + requested, entry.MaxExpireTime);
                var warnings = new List<string>();
                if (now + requested > entry.MaxExpireTime)
                {
                    warnings.Add(
                        $"TTL of \"{DurationText.Format(TimeSpan.FromSeconds(requested))}\" exceeded the effective max_ttl of " +
                        $"\"{DurationText.Format(TimeSpan.FromSeconds(Math.Max(0, entry.MaxExpireTime - now)))}\"; TTL value is capped accordingly");
                }

                if (newExpire <= now)
                {
                    throw VaultException.InvalidRequest("lease expired");
                }

                if (await LeaseBackendAsync(entry, cancellationToken).ConfigureAwait(false) is { } backend)
                {
                    await backend.RenewLeaseAsync(Context(entry), DateTimeOffset.FromUnixTimeSeconds(newExpire), cancellationToken).ConfigureAwait(false);
                }

                var renewed = entry with { ExpireTime = newExpire, DueTime = newExpire, LastRenewal = now };
                await store.UpdateAsync(entry, stored, renewed, CancellationToken.None).ConfigureAwait(false);
                return (renewed, (IReadOnlyList<string>)warnings);
            },
            cancellationToken).ConfigureAwait(false);
    }

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
    public async Task RevokeByTokenAsync(string tokenKey, CancellationToken cancellationToken)
    {
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
                await RevokeOnBackendAsync(entry, cancellationToken).ConfigureAwait(false);
                await store.DeleteAsync(entry, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                await RecordFailureAsync(entry, stored, error, CancellationToken.None).ConfigureAwait(false);
            }
        }
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
            await RevokeOnBackendAsync(entry, CancellationToken.None).ConfigureAwait(false);
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
            await RevokeOnBackendAsync(entry, CancellationToken.None).ConfigureAwait(false);
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

    private async Task RevokeOnBackendAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        if (entry.IsTokenLease)
        {
            // Revoking the token revokes its children and their leases, and deletes this lease's rows.
            await Tokens.RevokeTreeAsync(entry.TokenKey, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await LeaseBackendAsync(entry, cancellationToken).ConfigureAwait(false) is { } backend)
        {
            await backend.RevokeLeaseAsync(Context(entry), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The backend that issued the lease; null when it keeps nothing to revoke. A lease whose mount is gone cannot be
    /// revoked (disabling a mount revokes its leases first, so only revoke-force clears such a lease).
    /// </summary>
    private async Task<ILeaseBackend?> LeaseBackendAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        var found = await Router.BackendForMountAsync(entry.MountUuid, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            LogMountGone(logger, entry.LeaseId);
            throw VaultException.InvalidRequest("the mount that issued this lease is no longer enabled");
        }

        return found.Value.Backend as ILeaseBackend;
    }

    private static LeaseContext Context(LeaseEntry entry) => new(
        entry.LeaseId,
        entry.InternalData,
        DateTimeOffset.FromUnixTimeSeconds(entry.IssueTime),
        DateTimeOffset.FromUnixTimeSeconds(entry.ExpireTime));

    /// <summary>A backend's reason, bounded; backends keep secrets out of their messages, and only the message is kept.</summary>
    private static string Describe(Exception error)
    {
        var text = error is VaultException vault ? string.Join("; ", vault.Errors) : error.Message;
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering the lease of a secret issued at {Path} failed; revoking the secret")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception error, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking lease {LeaseId} failed")]
    private static partial void LogRevokeFailed(ILogger logger, Exception error, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking lease {LeaseId} failed; forgotten anyway (revoke-force)")]
    private static partial void LogForced(ILogger logger, Exception error, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocation of lease {LeaseId} failed (attempt {Attempts}, irrevocable: {Irrevocable}); retry scheduled")]
    private static partial void LogRetryScheduled(ILogger logger, string leaseId, int attempts, bool irrevocable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mount that issued lease {LeaseId} is gone; the lease cannot be revoked")]
    private static partial void LogMountGone(ILogger logger, string leaseId);
}
