using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.System;

/// <summary>sys/health and sys/seal-status: unauthenticated, answered while sealed, raw bodies without the envelope.</summary>
public sealed class HealthPaths(IBarrier barrier, UnsealCoordinator coordinator, VaultInitializer initializer, ServerInfo info, TimeProvider time)
{
    private static readonly Field<long> ActiveCode = Fields.Int("activecode", "Status code when active.", 200);
    private static readonly Field<long> StandbyCode = Fields.Int("standbycode", "Status code when standby.", 429);
    private static readonly Field<long> SealedCode = Fields.Int("sealedcode", "Status code when sealed.", 503);
    private static readonly Field<long> UninitCode = Fields.Int("uninitcode", "Status code when not initialised.", 501);
    private static readonly Field<bool> StandbyOk = Fields.Bool("standbyok", "Treat a standby as active.");
    private static readonly Field<bool> PerfStandbyOk = Fields.Bool("perfstandbyok", "Treat a performance standby as active.");
    private static readonly Field<long> DrSecondaryCode = Fields.Int("drsecondarycode", "Status code for a DR secondary.", 472);
    private static readonly Field<long> PerfStandbyCode = Fields.Int("performancestandbycode", "Status code for a performance standby.", 473);

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("health")
        {
            Fields = [ActiveCode, StandbyCode, SealedCode, UninitCode, StandbyOk, PerfStandbyOk, DrSecondaryCode, PerfStandbyCode],
            Handlers = { [Operation.Read] = HealthAsync, [Operation.Header] = HealthAsync },
            Unauthenticated = true,
            AllowedWhenSealed = true,
            Synopsis = "Health of this instance, as status code and body.",
            Description = "Returns 200 when initialised and unsealed, 503 when sealed and 501 when not initialised; query parameters override the codes.",
        },
        new PathSpec("seal-status")
        {
            Handlers = { [Operation.Read] = SealStatusAsync },
            Unauthenticated = true,
            AllowedWhenSealed = true,
            Synopsis = "The seal status of this instance.",
        },
    ];

    private async Task<VaultResponse?> HealthAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (initialized, isSealed) = await StateAsync(cancellationToken).ConfigureAwait(false);
        var code = !initialized ? context.Get(UninitCode) : isSealed ? context.Get(SealedCode) : context.Get(ActiveCode);
        if (code is < 100 or > 599)
        {
            throw VaultException.InvalidRequest("invalid status code in query parameters");
        }

        var body = new JsonObject
        {
            ["initialized"] = initialized,
            ["sealed"] = isSealed,
            ["standby"] = false,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = "disabled",
            ["replication_dr_mode"] = "disabled",
            ["server_time_utc"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["version"] = ServerInfo.VaultVersion,
        };
        await AddClusterAsync(body, cancellationToken).ConfigureAwait(false);
        return VaultResponse.Raw(body, (int)code);
    }

    private async Task<VaultResponse?> SealStatusAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (initialized, isSealed) = await StateAsync(cancellationToken).ConfigureAwait(false);
        var body = new JsonObject
        {
            ["type"] = info.SealType,
            ["initialized"] = initialized,
            ["sealed"] = isSealed,
            ["t"] = 1,
            ["n"] = 1,
            ["progress"] = 0,
            ["nonce"] = "",
            ["version"] = ServerInfo.VaultVersion,
            ["build_date"] = ServerInfo.BuildDate,
            ["migration"] = false,
            ["recovery_seal"] = true,
            ["storage_type"] = info.StorageType,
        };
        await AddClusterAsync(body, cancellationToken).ConfigureAwait(false);
        return VaultResponse.Raw(body);
    }

    /// <summary>A health probe doubles as an unseal attempt, so a cold instance unseals as soon as the seal answers.</summary>
    private async Task<(bool Initialized, bool Sealed)> StateAsync(CancellationToken cancellationToken)
    {
        var unsealed = await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false);
        var initialized = unsealed || await barrier.IsInitializedAsync(cancellationToken).ConfigureAwait(false);
        return (initialized, !unsealed);
    }

    private async Task AddClusterAsync(JsonObject body, CancellationToken cancellationToken)
    {
        if (await initializer.GetClusterAsync(cancellationToken).ConfigureAwait(false) is { } cluster)
        {
            body["cluster_name"] = cluster.ClusterName;
            body["cluster_id"] = cluster.ClusterId;
        }
    }
}
