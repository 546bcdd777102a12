using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>groups/:name (policies) and users/:name (local groups and policies), each with a LIST.</summary>
internal static class OktaMappingPaths
{
    private static readonly Field<string> Name = Fields.String("name", "The group or user name.");
    private static readonly Field<IReadOnlyList<string>> Policies = Fields.StringList("policies", "Policies granted.");
    private static readonly Field<IReadOnlyList<string>> Groups = Fields.StringList("groups", "Local groups the user belongs to, on top of Okta's.");

    public static IEnumerable<PathSpec> Specs =>
    [
        new("groups")
        {
            Handlers = { [Operation.List] = (context, ct) => ListAsync(context, OktaStorageKeys.GroupPrefix, ct) },
            Synopsis = "List the mapped groups.",
        },
        new("groups/{name}")
        {
            Fields = [Name, Policies],
            Handlers = { [Operation.Update] = WriteGroupAsync, [Operation.Read] = ReadGroupAsync, [Operation.Delete] = (context, ct) => DeleteAsync(context, GroupKey(context), ct) },
            Existence = async (context, ct) => await context.Storage.GetAsync(GroupKey(context), ct).ConfigureAwait(false) is not null,
            Synopsis = "Manage the policies of an Okta group.",
        },
        new("users")
        {
            Handlers = { [Operation.List] = (context, ct) => ListAsync(context, OktaStorageKeys.UserPrefix, ct) },
            Synopsis = "List the locally defined users.",
        },
        new("users/{name}")
        {
            Fields = [Name, Groups, Policies],
            Handlers = { [Operation.Update] = WriteUserAsync, [Operation.Read] = ReadUserAsync, [Operation.Delete] = (context, ct) => DeleteAsync(context, UserKey(context), ct) },
            Existence = async (context, ct) => await context.Storage.GetAsync(UserKey(context), ct).ConfigureAwait(false) is not null,
            Synopsis = "Manage the local groups and policies of an Okta user.",
        },
    ];

    public static async Task<OktaUser?> GetUserAsync(IStorage storage, string username, CancellationToken cancellationToken) =>
        (await StoredJson.ReadAsync<OktaUser>(storage, OktaStorageKeys.UserPrefix + username, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>The policies of every group that has a mapping; names match case-insensitively.</summary>
    public static async Task<IReadOnlyList<string>> GroupPoliciesAsync(IStorage storage, IEnumerable<string> groups, CancellationToken cancellationToken)
    {
        var policies = new List<string>();
        foreach (var group in groups.Select(g => g.ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            var (value, _) = await StoredJson.ReadAsync<List<string>>(storage, OktaStorageKeys.GroupPrefix + group, cancellationToken).ConfigureAwait(false);
            policies.AddRange(value ?? []);
        }

        return policies;
    }

    private static string GroupKey(RequestContext context) => OktaStorageKeys.GroupPrefix + context.Get(Name).ToLowerInvariant();

    private static string UserKey(RequestContext context) => OktaStorageKeys.UserPrefix + context.Get(Name);

    private static IReadOnlyList<string> Clean(IEnumerable<string> items, bool lower) =>
        [.. items.Select(i => lower ? i.Trim().ToLowerInvariant() : i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal)];

    private static async Task<VaultResponse?> ListAsync(RequestContext context, string prefix, CancellationToken cancellationToken)
    {
        var keys = (await context.Storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Where(k => !k.EndsWith('/')).ToList();
        return keys.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });
    }

    private static async Task<VaultResponse?> WriteGroupAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (current, _) = await StoredJson.ReadAsync<List<string>>(context.Storage, GroupKey(context), cancellationToken).ConfigureAwait(false);
        var policies = context.Input.Has(Policies) ? Clean(context.Get(Policies), lower: true) : current ?? [];
        await context.Storage.PutAsync(GroupKey(context), StoredJson.Serialize(policies), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadGroupAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (policies, _) = await StoredJson.ReadAsync<List<string>>(context.Storage, GroupKey(context), cancellationToken).ConfigureAwait(false);
        return policies is null ? null : VaultResponse.WithData(new JsonObject { ["policies"] = Array(policies) });
    }

    private static async Task<VaultResponse?> WriteUserAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var current = await GetUserAsync(context.Storage, context.Get(Name), cancellationToken).ConfigureAwait(false) ?? new OktaUser();
        var user = new OktaUser
        {
            Groups = context.Input.Has(Groups) ? Clean(context.Get(Groups), lower: false) : current.Groups,
            Policies = context.Input.Has(Policies) ? Clean(context.Get(Policies), lower: true) : current.Policies,
        };
        await context.Storage.PutAsync(UserKey(context), StoredJson.Serialize(user), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadUserAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var user = await GetUserAsync(context.Storage, context.Get(Name), cancellationToken).ConfigureAwait(false);
        return user is null ? null : VaultResponse.WithData(new JsonObject { ["groups"] = Array(user.Groups), ["policies"] = Array(user.Policies) });
    }

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, string key, CancellationToken cancellationToken)
    {
        await context.Storage.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)i)]);
}
