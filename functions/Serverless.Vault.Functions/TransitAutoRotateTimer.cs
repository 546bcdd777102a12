using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Core.Engines.Transit;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Functions;

/// <summary>Rotates transit keys whose auto_rotate_period has passed, hourly.</summary>
public sealed class TransitAutoRotateTimer(JobRunner runner)
{
    [Function(nameof(TransitAutoRotateTimer))]
    public Task RunAsync([TimerTrigger("0 23 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TransitAutoRotateJob.JobName, cancellationToken);
}
