using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Core.Engines.Kv;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Functions;

/// <summary>Records the deletion of KV v2 versions past delete_version_after, hourly.</summary>
public sealed class KvVersionExpiryTimer(JobRunner runner)
{
    [Function(nameof(KvVersionExpiryTimer))]
    public Task RunAsync([TimerTrigger("0 17 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(KvVersionExpiryJob.JobName, cancellationToken);
}
