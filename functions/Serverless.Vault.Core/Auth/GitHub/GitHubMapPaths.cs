using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>
/// map/teams and map/users: a team (by name or slug) or a user login to a comma-separated list of policies. Keys are
/// case-insensitive, as GitHub's names are, so they are stored lower case.
/// </summary>
internal static class GitHubMapPaths
{
    private static readonly Field<string> Key = Fields.String("key", "The team name or slug, or the user login.");
    private static readonly Field<string> Value = Fields.String("value", "Comma-separated list of policies.");

    public static IEnumerable<PathSpec> Specs =>
    [
        .. For("teams", GitHubStorageKeys.TeamPrefix, "team"),
        .. For("users", GitHubStorageKeys.UserPrefix, "user"),
    ];

    /// <summary>The policies mapped to each of the keys that have a mapping, in order.</summary>
    public static async Task<IReadOnlyList<string>> PoliciesAsync(IStorage storage, string prefix, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var policies = new List<string>();
        foreach (var key in keys.Select(Normalize).Distinct(StringComparer.Ordinal))
        {
            var entry = await storage.GetAsync(prefix + key, cancellationToken).ConfigureAwait(false);
            if (entry is not null)
            {
                policies.AddRange(StoredJson.Deserialize<List<string>>(entry.Value));
            }
        }

        return policies;
    }

    private static PathSpec[] For(string kind, string prefix, string noun) =>
    [
        new($"map/{kind}")
        {
            Handlers = { [Operation.List] = (context, ct) => ListAsync(context, prefix, ct), [Operation.Read] = (context, ct) => ListAsync(context, prefix, ct) },
            Synopsis = $"List the {noun} mappings.",
        },
        new($"map/{kind}/{{key}}")
        {
            Fields = [Key, Value],
            Handlers =
            {
                [Operation.Update] = (context, ct) => WriteAsync(context, prefix, ct),
                [Operation.Read] = (context, ct) => ReadAsync(context, prefix, ct),
                [Operation.Delete] = (context, ct) => DeleteAsync(context, prefix, ct),
            },
            Existence = async (context, ct) => await context.Storage.GetAsync(prefix + Normalize(context.Get(Key)), ct).ConfigureAwait(false) is not null,
            Synopsis = $"Read or write the policies of a {noun}.",
        },
    ];

    private static async Task<VaultResponse?> ListAsync(RequestContext context, string prefix, CancellationToken cancellationToken)
    {
        var keys = (await context.Storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Where(k => !k.EndsWith('/')).ToList();
        return keys.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });
    }

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, string prefix, CancellationToken cancellationToken)
    {
        var policies = context.Get(Value)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        await context.Storage.PutAsync(prefix + Normalize(context.Get(Key)), StoredJson.Serialize(policies), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, string prefix, CancellationToken cancellationToken)
    {
        var key = Normalize(context.Get(Key));
        var entry = await context.Storage.GetAsync(prefix + key, cancellationToken).ConfigureAwait(false);
        return entry is null
            ? null
            : VaultResponse.WithData(new JsonObject { ["key"] = key, ["value"] = string.Join(',', StoredJson.Deserialize<List<string>>(entry.Value)) });
    }

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, string prefix, CancellationToken cancellationToken)
    {
        await context.Storage.DeleteAsync(prefix + Normalize(context.Get(Key)), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static string Normalize(string key) => key.Trim().ToLowerInvariant();
}
