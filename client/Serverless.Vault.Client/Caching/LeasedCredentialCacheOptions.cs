using System.ComponentModel.DataAnnotations;

namespace Serverless.Vault.Client.Caching;

/// <summary>When a <see cref="LeasedCredentialCache"/> renews, replaces and revokes the leases it holds.</summary>
public sealed class LeasedCredentialCacheOptions
{
    /// <summary>Credentials are renewed (or, when not renewable, replaced) once this fraction of their lease has passed.</summary>
    [Range(0.1, 0.95)]
    public double RenewAtFraction { get; set; } = 2.0 / 3.0;

    /// <summary>
    /// When a renewal grants less than the original duration (the max TTL is near), new credentials replace the old
    /// ones this long before the old lease ends.
    /// </summary>
    public TimeSpan ReplaceMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a failed refresh, the next attempt comes this much later (or on the next call, whichever is first).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Renew and replace in the background on a timer; when false, only callers trigger refreshes.</summary>
    public bool BackgroundRefresh { get; set; } = true;

    /// <summary>Revoke the leases the cache holds when it is disposed (the credentials stop working at once).</summary>
    public bool RevokeOnDispose { get; set; }

    internal void Validate()
    {
        if (RenewAtFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RenewAtFraction), RenewAtFraction, "RenewAtFraction must be between 0 and 1 (exclusive), for example 0.67.");
        }

        if (ReplaceMargin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplaceMargin), ReplaceMargin, "ReplaceMargin must not be negative.");
        }

        if (RetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryInterval), RetryInterval, "RetryInterval must be positive, for example 10 seconds.");
        }
    }
}
