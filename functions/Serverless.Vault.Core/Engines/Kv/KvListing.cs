using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>LIST for both KV versions: one level as Vault does, or every key below the folder when asked.</summary>
internal static class KvListing
{
    /// <summary>
    /// Lists <paramref name="root"/> + the request's folder in storage; <paramref name="apiPrefix"/> is the same
    /// folder's path below the mount in the API ("metadata/" for v2, "" for v1), for the ACL checks of a recursive list.
    /// </summary>
    public static async Task<VaultResponse?> ListAsync(
        IStorage storage, string root, string apiPrefix, RequestContext context, CancellationToken cancellationToken)
    {
        var folder = context.Get(KvPaths.Path).Trim('/');
        var relativeFolder = folder.Length == 0 ? "" : folder + "/";
        IReadOnlyList<string> keys = context.Get(KvPaths.Recursive)
            ? await AllowedKeysAsync(
                await AllKeysAsync(storage, root + relativeFolder, cancellationToken).ConfigureAwait(false),
                context.Request.Mount!.Path + apiPrefix + relativeFolder,
                context.Request.Permissions,
                cancellationToken).ConfigureAwait(false)
            : [.. (await storage.ListAsync(root + relativeFolder, cancellationToken).ConfigureAwait(false)).Where(IsSecretName)];
        return keys.Count == 0 ? null : VaultResponse.WithData(new JsonObject
        {
            ["keys"] = new JsonArray(keys.Select(k => (JsonNode?)k).ToArray()),
        });
    }

    /// <summary>Names that are secrets or folders, not a KV v2 version row.</summary>
    private static bool IsSecretName(string name) => !name.Contains(KvStorageKeys.VersionSeparator, StringComparison.Ordinal);

    /// <summary>
    /// The keys in folders the caller may list: LIST on the top folder was checked by the pipeline, deeper folders
    /// are checked here, once each, so a recursive list shows nothing a one-level walk would have refused.
    /// </summary>
    private static async Task<IReadOnlyList<string>> AllowedKeysAsync(
        IReadOnlyList<string> keys, string apiFolder, IPermissionCheck? permissions, CancellationToken cancellationToken)
    {
        if (permissions is null)
        {
            return [];
        }

        var allowedFolders = new Dictionary<string, bool>(StringComparer.Ordinal) { [""] = true };
        var result = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            var slash = key.LastIndexOf('/');
            var folder = slash < 0 ? "" : key[..(slash + 1)];
            if (!allowedFolders.TryGetValue(folder, out var allowed))
            {
                allowed = await permissions.AllowsAsync(apiFolder + folder, Operation.List, cancellationToken).ConfigureAwait(false);
                allowedFolders[folder] = allowed;
            }

            if (allowed)
            {
                result.Add(key);
            }
        }

        return result;
    }

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
