using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Leases;

/// <summary>Calls back whoever issued a lease: the backend of the mount behind a secret, the token store for a token.</summary>
public sealed partial class LeaseBackends(IServiceProvider services, ILogger<LeaseBackends> logger)
{
    // Resolved on first use: the router builds the system backend, whose lease paths need the lease services.
    private MountRouter Router => services.GetRequiredService<MountRouter>();

    private TokenStore Tokens => services.GetRequiredService<TokenStore>();

    /// <summary>Extends the secret on its target (tokens are renewed through auth/token/renew, not here).</summary>
    public async Task RenewAsync(LeaseEntry entry, DateTimeOffset newExpireTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (await LeaseBackendAsync(entry, cancellationToken).ConfigureAwait(false) is { } backend)
        {
            await backend.RenewLeaseAsync(Context(entry), newExpireTime, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The id of the own lease of the token stored under <paramref name="tokenKey"/>, or null when it is gone.</summary>
    internal async Task<string?> OwnTokenLeaseIdAsync(string tokenKey, CancellationToken cancellationToken) =>
        (await Tokens.ReadAsync(tokenKey, cancellationToken).ConfigureAwait(false)).Entry is { } token
            ? LeaseIds.OfToken(token.Path, tokenKey)
            : null;

    /// <summary>Ends the secret on its target, or revokes the token of a token lease. Throws when that fails.</summary>
    public async Task RevokeAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mount that issued lease {LeaseId} is gone; the lease cannot be revoked")]
    private static partial void LogMountGone(ILogger logger, string leaseId);
}
