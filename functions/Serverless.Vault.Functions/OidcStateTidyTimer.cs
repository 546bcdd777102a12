using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Functions;

/// <summary>Deletes OIDC login flows that expired unfinished, every quarter of an hour.</summary>
public sealed class OidcStateTidyTimer(JobRunner runner)
{
    [Function(nameof(OidcStateTidyTimer))]
    public Task RunAsync([TimerTrigger("0 7/15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(OidcStateTidyJob.JobName, cancellationToken);
}
