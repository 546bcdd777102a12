using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>LIST for both KV versions: one level as Vault does, or every key below the folder when asked.</summary>
internal static class KvListing
{
    public static async Task<VaultResponse?> ListAsync(IStorage storage, string root, RequestContext context, CancellationToken cancellationToken)
    {
        var folder = context.Get(KvPaths.Path).Trim('/');
        var prefix = root + (folder.Length == 0 ? "" : folder + "/");
        IReadOnlyList<string> keys = context.Get(KvPaths.Recursive)
            ? await AllKeysAsync(storage, prefix, cancellationToken).ConfigureAwait(false)
            : [.. (await storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Where(IsSecretName)];
        return keys.Count == 0 ? null : VaultResponse.WithData(new JsonObject
        {
            ["keys"] = new JsonArray(keys.Select(k => (JsonNode?)k).ToArray()),
        });
    }

    /// <summary>Names that are secrets or folders, not a KV v2 version row.</summary>
    private static bool IsSecretName(string name) => !name.Contains(KvStorageKeys.VersionSeparator, StringComparison.Ordinal);

    private static async Task<IReadOnlyList<string>> AllKeysAsync(IStorage storage, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var key in StorageTree.KeysAsync(storage, prefix, cancellationToken).ConfigureAwait(false))
        {
            var relative = key[prefix.Length..];
            if (IsSecretName(relative))
            {
                keys.Add(relative);
            }
        }

        return keys;
    }
}
