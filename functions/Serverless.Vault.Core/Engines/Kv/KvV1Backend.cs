using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV version 1: each path holds one JSON map, replaced on write; no versions, no metadata.</summary>
public sealed class KvV1Backend : IBackend
{
    private static readonly Field<string> PathField = Fields.String("path", "The secret's path.");

    public KvV1Backend()
    {
        Paths = new PathTable(
        [
            new PathSpec("{*path}")
            {
                Fields = [PathField],
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
                Description = "The body of a write is stored as the secret, replacing what was there.",
            },
        ]);
    }

    public PathTable Paths { get; }

    private static async Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken) =>
        await context.Storage.GetAsync(Key(context), cancellationToken).ConfigureAwait(false) is not null;

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var entry = await context.Storage.GetAsync(Key(context), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : VaultResponse.WithData(JsonNode.Parse(entry.Value)!.AsObject());
    }

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        if (context.Input.Raw.Count == 0)
        {
            throw VaultException.InvalidRequest("missing data fields");
        }

        var value = global::System.Text.Encoding.UTF8.GetBytes(context.Input.Raw.ToJsonString());
        await context.Storage.PutAsync(Key(context), value, PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await context.Storage.DeleteAsync(Key(context), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var path = context.Get(PathField);
        var prefix = path.Length == 0 ? "" : path.TrimEnd('/') + "/";
        var keys = await context.Storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode?)k).ToArray()) });
    }

    private static string Key(RequestContext context)
    {
        var path = context.Get(PathField);
        return path.Length == 0 ? throw VaultException.UnsupportedPath(context.Request.OriginalPath) : path;
    }
}
