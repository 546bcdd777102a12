using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Functions;

/// <summary>Rotates database static roles whose rotation_period has passed, every minute.</summary>
public sealed class DatabaseStaticRotationTimer(JobRunner runner)
{
    [Function(nameof(DatabaseStaticRotationTimer))]
    public Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(DatabaseStaticRotationJob.JobName, cancellationToken);
}
