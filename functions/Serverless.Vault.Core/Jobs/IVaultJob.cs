namespace Serverless.Vault.Core.Jobs;

/// <summary>
/// A background job: a timer trigger runs it in the Function App, a hosted service in the Kestrel host. Jobs must be
/// idempotent and resumable, since a timer run can be killed or doubled.
/// </summary>
public interface IVaultJob
{
    /// <summary>A stable name, used for logs and to pick the job from a timer trigger.</summary>
    string Name { get; }

    /// <summary>How often the Kestrel host runs it (the Function App's schedule says the same in CRON).</summary>
    TimeSpan Interval { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
