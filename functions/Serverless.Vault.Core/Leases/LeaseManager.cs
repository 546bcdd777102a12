using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Leases;

/// <summary>
/// Vault's expiration manager without in-memory timers, for issuing and renewing: registers leased secrets and the
/// leases of expiring tokens, looks leases up and renews them. Revocation is <see cref="LeaseRevoker"/>'s. Every state
/// change is a storage write, so any instance can pick up where another left off.
/// </summary>
public sealed partial class LeaseManager(LeaseStore store, LeaseBackends backends, IServiceProvider services, ILogger<LeaseManager> logger)
{
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
            await backends.RevokeAsync(entry, CancellationToken.None).ConfigureAwait(false);
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
        if (response.Auth?["client_token"]?.GetValue<string>() is { Length: > 0 } id
            && await Tokens.LookupAsync(id, cancellationToken).ConfigureAwait(false) is { } token)
        {
            await TrackTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lease row of a token issued without an auth block (a response-wrapping token); as above.</summary>
    public async Task TrackTokenAsync(TokenEntry token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.IsBatch || token.ExpireTime <= 0)
        {
            return;
        }

        var leaseId = LeaseIds.OfToken(token.Path, token.Key);
        if (token.LastRenewalTime == 0)
        {
            // A token just minted has no lease yet: create it without reading first (a login's storage budget).
            try
            {
                await store.CreateAsync(TokenLease(leaseId, token), CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (StorageConflictException)
            {
                // Already tracked (the response was handled twice): reconcile below.
            }
        }

        await ConflictRetry.RunAsync(
            async () =>
            {
                var (entry, stored) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
                if (entry is null || stored is null)
                {
                    await store.CreateAsync(TokenLease(leaseId, token), CancellationToken.None).ConfigureAwait(false);
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

    private static LeaseEntry TokenLease(string leaseId, TokenEntry token) => new()
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
    };

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

                await backends.RenewAsync(entry, DateTimeOffset.FromUnixTimeSeconds(newExpire), cancellationToken).ConfigureAwait(false);

                var renewed = entry with { ExpireTime = newExpire, DueTime = newExpire, LastRenewal = now };
                await store.UpdateAsync(entry, stored, renewed, CancellationToken.None).ConfigureAwait(false);
                return (renewed, (IReadOnlyList<string>)warnings);
            },
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering the lease of a secret issued at {Path} failed; revoking the secret")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception error, string path);
}
