using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV v2 metadata/:path: read, write, patch, delete every version, and list.</summary>
internal sealed class KvMetadataPaths(TimeProvider time)
{
    private static readonly Field<long> MaxVersions = Fields.Int("max_versions", "Versions kept for this key; 0 for the mount's setting.");
    private static readonly Field<bool> CasRequired = Fields.Bool("cas_required", "Require check-and-set for this key.");
    private static readonly Field<TimeSpan> DeleteVersionAfter = Fields.Duration("delete_version_after", "Soft-delete versions this long after they are written.");
    private static readonly Field<JsonObject?> CustomMetadata = Fields.Map("custom_metadata", "Up to 64 string pairs describing the key.");

    public PathSpec Spec => new("metadata/{*path}")
    {
        Fields = [KvPaths.Path, MaxVersions, CasRequired, DeleteVersionAfter, CustomMetadata, KvPaths.Recursive],
        Handlers =
        {
            [Operation.Read] = ReadAsync,
            [Operation.Update] = WriteAsync,
            [Operation.Patch] = PatchAsync,
            [Operation.Delete] = DeleteAsync,
            [Operation.List] = ListAsync,
        },
        Existence = ExistsAsync,
        Synopsis = "Read, configure, delete or list keys' metadata.",
        Description = "DELETE removes every version and the metadata. LIST takes ?recursive=true to return all keys below a folder.",
    };

    private async Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken) =>
        (await Store(context).ReadAsync(KvPaths.RequirePath(context), cancellationToken).ConfigureAwait(false)).Record is not null;

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (record, _) = await Store(context).ReadAsync(KvPaths.RequirePath(context), cancellationToken).ConfigureAwait(false);
        return record is null ? null : VaultResponse.WithData(KvJson.Metadata(record));
    }

    private Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken) =>
        UpdateAsync(context, mustExist: false, (record, input) => record with
        {
            MaxVersions = input.Has(MaxVersions) ? KvConfigPaths.NonNegative(input.Get(MaxVersions), MaxVersions.Name) : record.MaxVersions,
            CasRequired = input.Has(CasRequired) ? input.Get(CasRequired) : record.CasRequired,
            DeleteVersionAfter = input.Has(DeleteVersionAfter) ? KvConfigPaths.Seconds(input.Get(DeleteVersionAfter)) : record.DeleteVersionAfter,
            CustomMetadata = input.Has(CustomMetadata) ? Validate(ToStrings(input.Get(CustomMetadata)!)) : record.CustomMetadata,
        }, cancellationToken);

    private Task<VaultResponse?> PatchAsync(RequestContext context, CancellationToken cancellationToken) =>
        UpdateAsync(context, mustExist: true, (record, input) => record with
        {
            MaxVersions = input.Has(MaxVersions) ? KvConfigPaths.NonNegative(input.Get(MaxVersions), MaxVersions.Name) : record.MaxVersions,
            CasRequired = input.Has(CasRequired) ? input.Get(CasRequired) : record.CasRequired,
            DeleteVersionAfter = input.Has(DeleteVersionAfter) ? KvConfigPaths.Seconds(input.Get(DeleteVersionAfter)) : record.DeleteVersionAfter,
            CustomMetadata = input.Raw["custom_metadata"] is JsonObject patch ? Validate(MergeCustom(record.CustomMetadata, patch)) : record.CustomMetadata,
        }, cancellationToken);

    private async Task<VaultResponse?> UpdateAsync(
        RequestContext context, bool mustExist, Func<KvSecretRecord, FieldData, KvSecretRecord> change, CancellationToken cancellationToken)
    {
        var path = KvPaths.RequirePath(context);
        var store = Store(context);
        return await ConflictRetry.RunAsync<VaultResponse?>(async () =>
        {
            var (record, etag) = await store.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (record is null && mustExist)
            {
                throw VaultException.NotFound();
            }

            var now = time.GetUtcNow();
            var next = change(record ?? new KvSecretRecord { CreatedTime = now }, context.Input) with { UpdatedTime = now };
            await store.CommitAsync(path, next, etag, [], cancellationToken).ConfigureAwait(false);
            return null;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = KvPaths.RequirePath(context);
        var store = Store(context);

        // A version written meanwhile makes the metadata delete lose its race: start over, its row must go too.
        return await ConflictRetry.RunAsync<VaultResponse?>(async () =>
        {
            var (record, etag) = await store.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                await store.DeleteAllAsync(path, record, etag!, cancellationToken).ConfigureAwait(false);
            }

            return null;
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken) =>
        KvListing.ListAsync(context.Storage, KvStorageKeys.MetadataPrefix, "metadata/", context, cancellationToken);

    private static KvSecretStore Store(RequestContext context) => new(context.Storage);

    private static Dictionary<string, string> ToStrings(JsonObject map) =>
        map.ToDictionary(
            pair => pair.Key,
            pair => pair.Value is JsonValue value && value.TryGetValue(out string? text) ? text
                : throw VaultException.InvalidRequest("custom_metadata values must be strings"),
            StringComparer.Ordinal);

    private static Dictionary<string, string> MergeCustom(IReadOnlyDictionary<string, string>? current, JsonObject patch)
    {
        var merged = new Dictionary<string, string>(current ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value is JsonValue text && text.TryGetValue(out string? s) ? s
                    : throw VaultException.InvalidRequest("custom_metadata values must be strings");
            }
        }

        return merged;
    }

    /// <summary>Vault's limits: 64 keys, keys up to 128 bytes, values up to 512 bytes.</summary>
    private static Dictionary<string, string> Validate(Dictionary<string, string> custom)
    {
        if (custom.Count > 64)
        {
            throw VaultException.InvalidRequest("custom_metadata may hold at most 64 keys");
        }

        foreach (var (key, value) in custom)
        {
            if (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > 128)
            {
                throw VaultException.InvalidRequest("custom_metadata keys must be 1 to 128 bytes long");
            }

            if (Encoding.UTF8.GetByteCount(value) > 512)
            {
                throw VaultException.InvalidRequest("custom_metadata values may be at most 512 bytes long");
            }
        }

        return custom;
    }
}
