using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth;

/// <summary>
/// <c>role</c> and <c>role/{name}</c> of an auth method whose roles are one stored record each under "role/", by
/// lower-cased name: list, create or update (fields left out keep their values), read and delete. The method gives
/// its fields, how a write applies them to the current role, how a role reads back, and what makes a role invalid.
/// </summary>
internal sealed class LoginRolePaths<TRole>(
    IReadOnlyList<Field> fields,
    Func<RequestContext, TRole, TRole> apply,
    Func<TRole, JsonObject> describe,
    Action<TRole> validate)
    where TRole : class, new()
{
    public const string Prefix = "role/";

    private static readonly Field<string> Name = Fields.String("name", "Name of the role.").AsRequired();

    public IEnumerable<PathSpec> Specs =>
    [
        new("role")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the roles.",
        },
        new("role/{name}")
        {
            Fields = [Name, .. fields],
            Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
            Existence = async (context, ct) => await RoleAsync(context.Storage, context.Get(Name), ct).ConfigureAwait(false) is not null,
            Synopsis = "Create, read or delete a role.",
        },
    ];

    public static async Task<TRole?> RoleAsync(IStorage storage, string name, CancellationToken cancellationToken) =>
        (await StoredJson.ReadAsync<TRole>(storage, Prefix + name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>A list of strings as a JSON array, for <c>describe</c>.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = await context.Storage.ListAsync(Prefix, cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = Strings(names.Order(StringComparer.Ordinal)) });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(Name).ToLowerInvariant();
        var current = await RoleAsync(context.Storage, name, cancellationToken).ConfigureAwait(false) ?? new TRole();
        var role = apply(context, current);
        validate(role);
        await context.Storage.PutAsync(Prefix + name, StoredJson.Serialize(role), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken) =>
        await RoleAsync(context.Storage, context.Get(Name), cancellationToken).ConfigureAwait(false) is { } role
            ? VaultResponse.WithData(describe(role))
            : null;

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await context.Storage.DeleteAsync(Prefix + context.Get(Name).ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return null;
    }
}
