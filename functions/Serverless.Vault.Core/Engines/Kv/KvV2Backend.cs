using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV version 2: versioned secrets with check-and-set, soft delete, undelete, destroy and metadata.</summary>
internal sealed class KvV2Backend : IBackend
{
    public KvV2Backend(BackendContext context)
    {
        // Secrets are read and written through each request's storage (RequestContext.Storage); only the cached
        // mount settings and the upgrade check hold the mount's storage.
        var configs = new KvConfigStore(context.Storage, context.Time);
        var changes = new KvVersionChanges(context.Time);
        var records = new KvRecordCache(context.Time);
        var data = new KvDataPaths(new KvVersionWriter(configs, records, context.Time), records, changes, context.Time);
        var upgrade = new KvUpgrade(context.Storage, context.Time);
        PathSpec[] specs =
        [
            new KvConfigPaths(configs).Spec,
            data.Spec,
            .. new KvVersionPaths(changes).Specs,
            new KvMetadataPaths(context.Time).Spec,
            new KvSubkeysPaths(data).Spec,
        ];
        Paths = new PathTable(specs.Select(spec => AfterUpgrade(spec, upgrade)));
    }

    public PathTable Paths { get; }

    /// <summary>Every handler first makes sure a mount upgraded from v1 has its secrets in the v2 layout.</summary>
    private static PathSpec AfterUpgrade(PathSpec spec, KvUpgrade upgrade) => spec.Decorate(
        handler => async (context, cancellationToken) =>
        {
            await upgrade.EnsureAsync(cancellationToken).ConfigureAwait(false);
            return await handler(context, cancellationToken).ConfigureAwait(false);
        },
        exists => async (context, cancellationToken) =>
        {
            await upgrade.EnsureAsync(cancellationToken).ConfigureAwait(false);
            return await exists(context, cancellationToken).ConfigureAwait(false);
        });
}
