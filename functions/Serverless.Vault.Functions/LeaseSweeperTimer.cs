using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Leases;

namespace Serverless.Vault.Functions;

/// <summary>Revokes due leases (and expired service tokens), every minute.</summary>
public sealed class LeaseSweeperTimer(JobRunner runner)
{
    [Function(nameof(LeaseSweeperTimer))]
    public Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(LeaseSweeper.JobName, cancellationToken);
}
