using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV version 1: each path holds one JSON map, replaced on write; no versions, no metadata.</summary>
internal sealed class KvV1Backend : IBackend
{
    private static readonly Field<TimeSpan> Ttl = Fields.Duration("ttl", "Advisory: returned as lease_duration on reads.");

    private readonly MountEntry _mount;

    public KvV1Backend(BackendContext context)
    {
        _mount = context.Mount;
        Paths = new PathTable(
        [
            new PathSpec("{*path}")
            {
                Fields = [KvPaths.Path, KvPaths.Recursive],
                Handlers =
                {
                    [Operation.Read] = ReadAsync,
                    [Operation.Update] = WriteAsync,
                    [Operation.Delete] = DeleteAsync,
                    [Operation.List] = ListAsync,
                },
                Existence = ExistsAsync,
                TakesArbitraryInput = true,
                Synopsis = "Read, write, list and delete secrets.",
                Description = "The body of a write is stored as the secret, replacing what was there. LIST takes ?recursive=true to return all keys below a folder.",
            },
        ]);
    }

    public PathTable Paths { get; }

    private static async Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken) =>
        await context.Storage.GetAsync(KvStorageKeys.V1(KvPaths.RequirePath(context)), cancellationToken).ConfigureAwait(false) is not null;

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var entry = await context.Storage.GetAsync(KvStorageKeys.V1(KvPaths.RequirePath(context)), cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            await EnsureNotUpgradedAsync(context, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var data = JsonNode.Parse(entry.Value)!.AsObject();

        // A "ttl" in the secret is advisory: it comes back as the lease duration, as in Vault.
        var stored = new FieldData(data, new Dictionary<string, string>(), [Ttl]);
        var ttl = stored.Has(Ttl) ? (long)stored.Get(Ttl).TotalSeconds : MountDefaults.EffectiveDefaultTtl(_mount.Config);
        return new VaultResponse { Data = data, LeaseDuration = ttl };
    }

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var body = context.Input.Raw;
        if (body.Count == 0)
        {
            throw VaultException.InvalidRequest("missing data fields");
        }

        if (body["options"] is JsonObject options && options.ContainsKey("cas"))
        {
            throw VaultException.InvalidRequest("check-and-set is not supported on a KV version 1 mount");
        }

        if (body.ContainsKey(Ttl.Name))
        {
            _ = new FieldData(body, new Dictionary<string, string>(), [Ttl]).Get(Ttl);
        }

        await EnsureNotUpgradedAsync(context, cancellationToken).ConfigureAwait(false);
        var value = StoredJson.SerializeNode(body);
        await context.Storage.PutAsync(KvStorageKeys.V1(KvPaths.RequirePath(context)), value, PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await EnsureNotUpgradedAsync(context, cancellationToken).ConfigureAwait(false);
        await context.Storage.DeleteAsync(KvStorageKeys.V1(KvPaths.RequirePath(context)), cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Another instance may already serve this mount as version 2 while this one's mount table (cached for a few
    /// seconds) still says version 1: a write here would land in rows the upgrade has already moved, and be lost.
    /// Answer 503 instead, so the client retries once this instance has caught up.
    /// </summary>
    private static async Task EnsureNotUpgradedAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (await context.Storage.GetAsync(KvStorageKeys.UpgradedKey, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw VaultException.Unavailable("this mount is being upgraded to KV version 2; retry the request");
        }
    }

    private static Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken) =>
        KvListing.ListAsync(context.Storage, KvStorageKeys.V1Prefix, "", context, cancellationToken);
}
