namespace Serverless.Vault.Core.Leases;

/// <summary>The expiration manager's knobs (configuration section Vault:Leases).</summary>
public sealed class LeaseOptions
{
    /// <summary>How often the Kestrel host runs the sweeper (the Function App's timer fires every minute).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Revocations one sweeper run performs at most: after downtime, a backlog drains at this rate per run.</summary>
    public int MaxRevocationsPerRun { get; set; } = 500;

    /// <summary>How long a sweeper's claim on a group of due leases holds before another sweeper may take it over.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed revocations before a lease is marked irrevocable (Vault gives up after 6; this keeps trying).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry delay; each further failure doubles it, with jitter.</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an irrevocable lease is retried.</summary>
    public TimeSpan IrrevocableRetry { get; set; } = TimeSpan.FromHours(1);
}
