using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Jobs;

/// <summary>What the jobs that work mount by mount share: nothing while sealed, then each picked mount in its storage view.</summary>
internal static class MountJobs
{
    public static async Task ForEachAsync(
        UnsealCoordinator coordinator,
        IBarrier barrier,
        MountStore mounts,
        Func<MountEntry, bool> picks,
        Func<MountEntry, IStorage, Task> run,
        CancellationToken cancellationToken)
    {
        if (!await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var mount in await mounts.GetAsync(cancellationToken).ConfigureAwait(false))
        {
            if (picks(mount))
            {
                await run(mount, new StorageView(barrier.Storage, mount.StoragePrefix)).ConfigureAwait(false);
            }
        }
    }
}
