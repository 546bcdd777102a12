using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>roles (list) and roles/:name: dynamic roles, the statements that make and remove their users.</summary>
internal static class RolePaths
{
    private static readonly Field<IReadOnlyList<string>> Creation = DatabaseFields.Statements("creation_statements", "Statements that create the user ({{name}}, {{password}}, {{expiration}}).");
    private static readonly Field<IReadOnlyList<string>> Revocation = DatabaseFields.Statements("revocation_statements", "Statements that remove the user ({{name}}); the plugin's default when empty.");
    private static readonly Field<IReadOnlyList<string>> Rollback = DatabaseFields.Statements("rollback_statements", "Statements run when creation fails ({{name}}); revoke and drop when empty.");
    private static readonly Field<IReadOnlyList<string>> Renew = DatabaseFields.Statements("renew_statements", "Statements that extend the user ({{name}}, {{expiration}}).");
    private static readonly Field<TimeSpan> DefaultTtl = Fields.Duration("default_ttl", "Lease TTL of issued credentials; 0 for the mount's default.");
    private static readonly Field<TimeSpan> MaxTtl = Fields.Duration("max_ttl", "Longest life of issued credentials; 0 for the mount's maximum.");
    private static readonly Field<string> CredentialType = Fields.String("credential_type", "Only \"password\" is supported.", "password");

    public static IEnumerable<PathSpec> Specs =>
    [
        new("roles")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the dynamic roles.",
        },
        new("roles/{name}")
        {
            Fields = [DatabaseFields.Name, DatabaseFields.DbName, Creation, Revocation, Rollback, Renew, DefaultTtl, MaxTtl, CredentialType],
            Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
            Existence = DatabaseStore.Exists(DatabaseStorageKeys.RolePrefix, DatabaseFields.Name),
            Synopsis = "Create, read or delete a dynamic role.",
        },
    ];

    private static async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = await DatabaseStore.ListAsync(context.Storage, DatabaseStorageKeys.RolePrefix, cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = DatabaseJson.Array(names) });
    }

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var (existing, entry) = await DatabaseStore.ReadAsync<DatabaseRoleRecord>(context.Storage, DatabaseStorageKeys.RolePrefix, name, cancellationToken).ConfigureAwait(false);
        var input = context.Input;
        T Pick<T>(Field<T> field, T old) => context.GetOr(field, old);
        long Seconds(Field<TimeSpan> field, long old) => input.Has(field) ? (long)context.Get(field).TotalSeconds : old;
        if (context.Get(CredentialType) != "password")
        {
            throw VaultException.InvalidRequest("credential_type: only \"password\" is supported");
        }

        var role = new DatabaseRoleRecord
        {
            DbName = Pick(DatabaseFields.DbName, existing?.DbName ?? ""),
            CreationStatements = Pick(Creation, existing?.CreationStatements ?? []),
            RevocationStatements = Pick(Revocation, existing?.RevocationStatements ?? []),
            RollbackStatements = Pick(Rollback, existing?.RollbackStatements ?? []),
            RenewStatements = Pick(Renew, existing?.RenewStatements ?? []),
            DefaultTtlSeconds = Seconds(DefaultTtl, existing?.DefaultTtlSeconds ?? 0),
            MaxTtlSeconds = Seconds(MaxTtl, existing?.MaxTtlSeconds ?? 0),
        };
        if (role.DbName.Length == 0)
        {
            throw VaultException.InvalidRequest("empty database name attribute");
        }

        if (role.CreationStatements.Count == 0)
        {
            throw VaultException.InvalidRequest("creation_statements are required");
        }

        if (role.MaxTtlSeconds > 0 && role.DefaultTtlSeconds > role.MaxTtlSeconds)
        {
            throw VaultException.InvalidRequest("ttl cannot be greater than max_ttl");
        }

        await DatabaseStore.PutAsync(context.Storage, DatabaseStorageKeys.RolePrefix, name, role, entry, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var role = await DatabaseStore.GetAsync<DatabaseRoleRecord>(context.Storage, DatabaseStorageKeys.RolePrefix, context.Get(DatabaseFields.Name), cancellationToken).ConfigureAwait(false);
        return role is null ? null : VaultResponse.WithData(DatabaseJson.Role(role));
    }

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await context.Storage.DeleteAsync(DatabaseStorageKeys.RolePrefix + context.Get(DatabaseFields.Name), cancellationToken).ConfigureAwait(false);
        return null;
    }
}
