using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV v2 config: the mount-wide max_versions, cas_required and delete_version_after.</summary>
internal sealed class KvConfigPaths(KvConfigStore configs)
{
    private static readonly Field<long> MaxVersions = Fields.Int("max_versions", "Versions kept per key; 0 means 10.");
    private static readonly Field<bool> CasRequired = Fields.Bool("cas_required", "Require check-and-set on every write.");
    private static readonly Field<TimeSpan> DeleteVersionAfter = Fields.Duration("delete_version_after", "Soft-delete versions this long after they are written; 0 never.");

    public PathSpec Spec => new("config")
    {
        Fields = [MaxVersions, CasRequired, DeleteVersionAfter],
        Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync },
        Synopsis = "Configure the KV v2 mount.",
    };

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await configs.GetAsync(cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithData(new JsonObject
        {
            ["cas_required"] = config.CasRequired,
            ["delete_version_after"] = DurationText.Format(TimeSpan.FromSeconds(config.DeleteVersionAfter)),
            ["max_versions"] = config.MaxVersions,
        });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var current = await configs.GetAsync(cancellationToken).ConfigureAwait(false);
        var next = current with
        {
            MaxVersions = context.Input.Has(MaxVersions) ? NonNegative(context.Get(MaxVersions), MaxVersions.Name) : current.MaxVersions,
            CasRequired = context.GetOr(CasRequired, current.CasRequired),
            DeleteVersionAfter = context.Input.Has(DeleteVersionAfter) ? Seconds(context.Get(DeleteVersionAfter)) : current.DeleteVersionAfter,
        };
        await configs.SetAsync(next, cancellationToken).ConfigureAwait(false);
        return null;
    }

    internal static long NonNegative(long value, string name) =>
        value < 0 ? throw VaultException.InvalidRequest($"{name} cannot be negative") : value;

    internal static long Seconds(TimeSpan duration) =>
        duration < TimeSpan.Zero ? throw VaultException.InvalidRequest("delete_version_after cannot be negative") : (long)duration.TotalSeconds;
}
