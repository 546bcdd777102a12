namespace Serverless.Vault.Core.Framework;

/// <summary>
/// A backend whose responses carry <see cref="SecretLease"/>s: the lease manager calls it back to extend or end the
/// secret on its target. Both calls may come from any instance, at any time, more than once.
/// </summary>
public interface ILeaseBackend
{
    /// <summary>
    /// Ends the secret on its target. Idempotent: a secret already gone (a role already dropped) counts as revoked.
    /// Throws on failure; the lease manager keeps the lease and retries with backoff.
    /// </summary>
    Task RevokeLeaseAsync(LeaseContext lease, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the secret on its target to <paramref name="newExpireTime"/>, which the lease manager has already capped
    /// by the lease's max TTL. Throw a <see cref="VaultException"/> to refuse.
    /// </summary>
    Task RenewLeaseAsync(LeaseContext lease, DateTimeOffset newExpireTime, CancellationToken cancellationToken);
}
