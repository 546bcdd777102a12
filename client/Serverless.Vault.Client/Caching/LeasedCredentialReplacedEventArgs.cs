namespace Serverless.Vault.Client.Caching;

/// <summary>Raised after the cache replaced the credentials of <see cref="Key"/>; the old lease is left to expire.</summary>
public sealed class LeasedCredentialReplacedEventArgs(string key, Lease previousLease, Lease lease, LeaseReplacementReason reason) : EventArgs
{
    public string Key { get; } = key;

    public Lease PreviousLease { get; } = previousLease;

    public Lease Lease { get; } = lease;

    public LeaseReplacementReason Reason { get; } = reason;
}
