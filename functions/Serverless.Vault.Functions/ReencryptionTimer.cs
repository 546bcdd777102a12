using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Functions;

/// <summary>Re-encrypts values written under older barrier terms, every five minutes.</summary>
public sealed class ReencryptionTimer(JobRunner runner)
{
    [Function(nameof(ReencryptionTimer))]
    public Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(ReencryptionJobRunner.JobName, cancellationToken);
}
