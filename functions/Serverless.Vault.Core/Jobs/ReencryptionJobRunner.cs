using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Core.Jobs;

/// <summary>Moves values written under older keyring terms to the newest one, once the instance is unsealed.</summary>
public sealed class ReencryptionJobRunner(UnsealCoordinator coordinator, ReencryptionJob job) : IVaultJob
{
    public const string JobName = "barrier-reencryption";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false))
        {
            await job.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
