using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// Rotates the static roles whose rotation_period has passed, on every database mount. Instances racing on one role
/// rotate it once: the pending-password write is guarded by the row's ETag (see <see cref="StaticRoleRotator"/>).
/// </summary>
public sealed partial class DatabaseStaticRotationJob(UnsealCoordinator coordinator, MountRouter router, ILogger<DatabaseStaticRotationJob> logger) : IVaultJob
{
    public const string JobName = "database-static-rotation";

    public string Name => JobName;

    /// <summary>Every minute: a role rotates at most a minute late, and rotation_period is at least 5 seconds.</summary>
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var (mount, backend) in await router.BackendsOfTypeAsync(Core.DatabaseServices.MountType, cancellationToken).ConfigureAwait(false))
        {
            if (backend is DatabaseBackend database)
            {
                try
                {
                    await database.RotateDueStaticRolesAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogFailed(logger, error, mount.Path);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the static roles of mount {Mount}; the next run retries")]
    private static partial void LogFailed(ILogger logger, Exception error, string mount);
}
