using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// Deletes OIDC flows that were started (oidc/auth_url, which anyone may call) and never finished. A callback refuses
/// a state once it has expired; without this job each abandoned flow would stay in storage for good, and unauthenticated
/// callers could grow it without bound. Idempotent: a state its callback consumed meanwhile is simply gone.
/// </summary>
public sealed class OidcStateTidyJob(UnsealCoordinator coordinator, IBarrier barrier, MountStore mounts, TimeProvider time) : IVaultJob
{
    public const string JobName = "oidc-state-tidy";

    public string Name => JobName;

    /// <summary>A state lives ten minutes; one more run's worth of abandoned flows may wait for the next.</summary>
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public Task RunAsync(CancellationToken cancellationToken) => MountJobs.ForEachAsync(
        coordinator,
        barrier,
        mounts,
        mount => mount.Kind == MountKind.Auth && mount.Type is "jwt" or "oidc",
        (_, storage) => TidyAsync(storage, cancellationToken),
        cancellationToken);

    private async Task TidyAsync(IStorage storage, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await foreach (var key in StorageTree.KeysAsync(storage, OidcPaths.StatePrefix, cancellationToken).ConfigureAwait(false))
        {
            var (state, _) = await StoredJson.ReadAsync<OidcState>(storage, key, cancellationToken).ConfigureAwait(false);
            if (state is not null && state.Expires < now)
            {
                await storage.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
