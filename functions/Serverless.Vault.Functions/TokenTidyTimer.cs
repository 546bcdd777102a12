using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Functions;

/// <summary>Removes index rows of expired tokens and finishes revocations a crash interrupted, hourly.</summary>
public sealed class TokenTidyTimer(JobRunner runner)
{
    [Function(nameof(TokenTidyTimer))]
    public Task RunAsync([TimerTrigger("0 41 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TokenTidyJob.JobName, cancellationToken);
}
