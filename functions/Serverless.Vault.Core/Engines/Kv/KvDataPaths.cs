using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV v2 data/:path: read a version, write or patch a new one, soft-delete the latest.</summary>
internal sealed class KvDataPaths(KvVersionWriter writer, KvRecordCache records, KvVersionChanges changes, TimeProvider time)
{
    private static readonly Field<JsonObject?> Data = Fields.Map("data", "The secret's key/value pairs.");
    private static readonly Field<JsonObject?> Options = Fields.Map("options", "Write options; \"cas\" is the check-and-set version.");
    private static readonly Field<long> Version = Fields.Int("version", "The version to read; 0 or absent for the latest.");

    public PathSpec Spec => new("data/{*path}")
    {
        Fields = [KvPaths.Path, Data, Options, Version],
        Handlers =
        {
            [Operation.Read] = ReadAsync,
            [Operation.Update] = WriteAsync,
            [Operation.Patch] = PatchAsync,
            [Operation.Delete] = DeleteLatestAsync,
        },
        Existence = ExistsAsync,
        Synopsis = "Read, write, patch or soft-delete a versioned secret.",
        Description = "A write adds a version (options.cas for check-and-set); a read takes ?version=; DELETE soft-deletes the latest version.",
    };

    /// <summary>
    /// A row this instance wrote within <see cref="KvRecordCache.Lifetime"/> counts as there without a read. If it has
    /// since been deleted elsewhere, the write is judged an update (which ACLs grant no more often than create) and its
    /// conditional commit then fails over to a fresh read.
    /// </summary>
    private async Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = KvPaths.RequirePath(context);
        return records.Contains(path)
            || (await Store(context).ReadAsync(path, cancellationToken).ConfigureAwait(false)).Record is not null;
    }

    /// <summary>The read of data/:path, for subkeys/:path, which takes the same path and version fields.</summary>
    public Task<VaultResponse?> ReadForSubkeysAsync(RequestContext context, CancellationToken cancellationToken) =>
        ReadAsync(context, cancellationToken);

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = KvPaths.RequirePath(context);
        var requested = KvPaths.RequireVersion(context.Get(Version));
        var store = Store(context);
        var (record, _) = await store.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        var version = requested == 0 ? record?.CurrentVersion ?? 0 : requested;
        if (record is null || !record.Versions.TryGetValue(version, out var info))
        {
            return null;
        }

        var metadata = KvJson.VersionMetadata(record, version);
        if (info.IsDeleted(time.GetUtcNow()))
        {
            // Vault answers 404 but still sends the version's metadata, and clients read it.
            return new VaultResponse { Data = new JsonObject { ["data"] = null, ["metadata"] = metadata }, StatusCode = 404 };
        }

        var data = version == record.CurrentVersion
            ? await store.ReadCurrentDataAsync(path, record, cancellationToken).ConfigureAwait(false)
            : await store.ReadVersionDataAsync(path, version, cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithData(new JsonObject { ["data"] = data?.DeepClone(), ["metadata"] = metadata });
    }

    private Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var data = context.Get(Data) ?? throw VaultException.InvalidRequest("no data provided");
        return Nullable(writer.WriteAsync(Store(context), KvPaths.RequirePath(context), Cas(context), async current =>
        {
            await RequireCreateIfNewAsync(context, current, cancellationToken).ConfigureAwait(false);
            return (JsonObject)data.DeepClone();
        }, cancellationToken));
    }

    /// <summary>
    /// A write authorised as an update (the existence check saw the secret, possibly from <see cref="KvRecordCache"/>)
    /// that finds no secret after all creates one: then the token must hold "create" as well, as it would have had to
    /// had the existence check seen the secret missing.
    /// </summary>
    private static async Task RequireCreateIfNewAsync(RequestContext context, KvSecretRecord? current, CancellationToken cancellationToken)
    {
        if (current is null && context.Request.Operation == Operation.Update && context.Request.Permissions is { } permissions
            && !await permissions.AllowsAsync(context.Request.OriginalPath, Operation.Create, cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.PermissionDenied();
        }
    }

    private async Task<VaultResponse?> PatchAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var patch = context.Get(Data) ?? throw VaultException.InvalidRequest("no data provided");
        var now = time.GetUtcNow();
        var store = Store(context);
        var path = KvPaths.RequirePath(context);
        return await writer.WriteAsync(store, path, Cas(context), async current =>
        {
            // Only a live latest version can be patched; anything else is the 404 Vault gives.
            if (current is null || current.CurrentVersion == 0 || current.Versions[current.CurrentVersion].IsDeleted(now)
                || await store.ReadCurrentDataAsync(path, current, cancellationToken).ConfigureAwait(false) is not { } data)
            {
                throw VaultException.NotFound();
            }

            return JsonMergePatch.Apply(data, patch);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> DeleteLatestAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await changes.ApplyAsync(Store(context), KvPaths.RequirePath(context), record => [record.CurrentVersion], KvVersionChange.Delete, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>options.cas, when given: a number (or a numeric string).</summary>
    private static long? Cas(RequestContext context)
    {
        if (context.Get(Options) is not { } options || !options.TryGetPropertyValue("cas", out var cas) || cas is null)
        {
            return null;
        }

        return cas is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String
            && long.TryParse(value.ToString(), out var version)
            ? version
            : throw VaultException.InvalidRequest("error parsing check-and-set parameter: expected an integer");
    }

    /// <summary>The request's storage: its read cache lets the existence check and the handler share one read.</summary>
    private static KvSecretStore Store(RequestContext context) => new(context.Storage);

    private static async Task<VaultResponse?> Nullable(Task<VaultResponse> task) => await task.ConfigureAwait(false);
}
