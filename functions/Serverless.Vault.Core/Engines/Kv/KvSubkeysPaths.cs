using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>KV v2 subkeys/:path: a version's structure with every leaf value replaced by null.</summary>
internal sealed class KvSubkeysPaths(KvDataPaths data)
{
    private static readonly Field<long> Version = Fields.Int("version", "The version; 0 or absent for the latest.");
    private static readonly Field<long> Depth = Fields.Int("depth", "How deep to descend; 0 for no limit.");

    public PathSpec Spec => new("subkeys/{*path}")
    {
        Fields = [KvPaths.Path, Version, Depth],
        Handlers = { [Operation.Read] = ReadAsync },
        Synopsis = "A secret's keys without its values.",
    };

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var depth = context.Get(Depth);
        if (depth < 0)
        {
            throw VaultException.InvalidRequest("depth must be zero or positive");
        }

        // The same read as data/:path (version, deletion, 404 with metadata); only the shape of the answer differs.
        var read = await data.ReadForSubkeysAsync(context, cancellationToken).ConfigureAwait(false);
        if (read?.Data?["data"] is not JsonObject secret)
        {
            // A deleted or destroyed version: the same 404 with metadata, under Vault's "subkeys" key.
            return read?.Data is { } deleted
                ? read with { Data = new JsonObject { ["subkeys"] = null, ["metadata"] = deleted["metadata"]?.DeepClone() } }
                : read;
        }

        return read with
        {
            Data = new JsonObject { ["subkeys"] = Subkeys(secret, depth, 1), ["metadata"] = read.Data["metadata"]!.DeepClone() },
        };
    }

    private static JsonObject Subkeys(JsonObject source, long depth, long level)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            result[key] = value is JsonObject { Count: > 0 } nested && (depth == 0 || level < depth) ? Subkeys(nested, depth, level + 1) : null;
        }

        return result;
    }
}
