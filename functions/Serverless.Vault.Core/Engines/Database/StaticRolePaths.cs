using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>static-roles (list) and static-roles/:name: existing database users whose password Vault rotates.</summary>
internal sealed class StaticRolePaths(DatabaseConnections connections, StaticRoleRotator rotator)
{
    /// <summary>Vault's floor: a shorter period would rotate on nearly every timer run.</summary>
    private static readonly TimeSpan MinRotationPeriod = TimeSpan.FromSeconds(5);

    private static readonly Field<string> Username = Fields.String("username", "The existing database user.");
    private static readonly Field<TimeSpan> RotationPeriod = Fields.Duration("rotation_period", "How often the password is rotated; at least 5s.");
    private static readonly Field<IReadOnlyList<string>> RotationStatements = DatabaseFields.Statements("rotation_statements", "Statements that set the password ({{name}}, {{password}}).");

    public IEnumerable<PathSpec> Specs =>
    [
        new("static-roles")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the static roles.",
        },
        new("static-roles/{name}")
        {
            Fields = [DatabaseFields.Name, DatabaseFields.DbName, Username, RotationPeriod, RotationStatements],
            Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
            Existence = DatabaseStore.Exists(DatabaseStorageKeys.StaticRolePrefix, DatabaseFields.Name),
            Synopsis = "Create, read or delete a static role.",
            Description = "Creating a static role rotates the user's password at once; it is then rotated every rotation_period.",
        },
    ];

    /// <summary>A user name the engine may put into statements: PostgreSQL's 63-byte limit, no NUL or control characters.</summary>
    internal static string ValidUsername(string username) =>
        username.Length == 0 ? throw VaultException.InvalidRequest("username is a required field to create a static account")
        : username.Any(char.IsControl) ? throw VaultException.InvalidRequest("username must not contain control or NUL characters")
        : Encoding.UTF8.GetByteCount(username) > CredentialGenerator.MaxUsernameLength ? throw VaultException.InvalidRequest($"username must be at most {CredentialGenerator.MaxUsernameLength} bytes")
        : username;

    private static async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = await DatabaseStore.ListAsync(context.Storage, DatabaseStorageKeys.StaticRolePrefix, cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = DatabaseJson.Array(names) });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var (existing, entry) = await DatabaseStore.ReadAsync<StaticRoleRecord>(context.Storage, DatabaseStorageKeys.StaticRolePrefix, name, cancellationToken).ConfigureAwait(false);
        var input = context.Input;
        if (existing is not null)
        {
            if (input.Has(Username) && context.Get(Username) != existing.Username)
            {
                throw VaultException.InvalidRequest("cannot update static account username");
            }

            if (input.Has(DatabaseFields.DbName) && context.Get(DatabaseFields.DbName) != existing.DbName)
            {
                throw VaultException.InvalidRequest("cannot update static account db_name");
            }
        }

        var role = new StaticRoleRecord
        {
            DbName = existing?.DbName ?? context.Get(DatabaseFields.DbName),
            Username = existing?.Username ?? ValidUsername(context.Get(Username)),
            RotationPeriodSeconds = input.Has(RotationPeriod) ? (long)ValidPeriod(context.Get(RotationPeriod)).TotalSeconds
                : existing?.RotationPeriodSeconds ?? throw VaultException.InvalidRequest("rotation_period is required to create static accounts"),
            RotationStatements = input.Has(RotationStatements) ? context.Get(RotationStatements) : existing?.RotationStatements ?? [],
        };
        if (role.DbName.Length == 0)
        {
            throw VaultException.InvalidRequest("database name is a required field");
        }

        var (config, _, _) = await connections.LoadAsync(context.Storage, role.DbName, cancellationToken).ConfigureAwait(false);
        if (!AllowedRoles.Allows(config.AllowedRoles, name))
        {
            throw VaultException.InvalidRequest($"\"{name}\" is not an allowed role");
        }

        if (existing is not null)
        {
            var updated = existing with { RotationPeriodSeconds = role.RotationPeriodSeconds, RotationStatements = role.RotationStatements };
            await DatabaseStore.PutAsync(context.Storage, DatabaseStorageKeys.StaticRolePrefix, name, updated, entry, cancellationToken).ConfigureAwait(false);
            return null;
        }

        await DatabaseStore.PutAsync(context.Storage, DatabaseStorageKeys.StaticRolePrefix, name, role, null, cancellationToken).ConfigureAwait(false);
        try
        {
            await rotator.RotateAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException)
        {
            // A static role whose first rotation failed would hand out a password nobody set.
            await context.Storage.DeleteAsync(DatabaseStorageKeys.StaticRolePrefix + name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return null;
    }

    private static TimeSpan ValidPeriod(TimeSpan period) =>
        period < MinRotationPeriod ? throw VaultException.InvalidRequest("rotation_period must be 5 seconds or more") : period;

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var role = await DatabaseStore.GetAsync<StaticRoleRecord>(context.Storage, DatabaseStorageKeys.StaticRolePrefix, context.Get(DatabaseFields.Name), cancellationToken).ConfigureAwait(false);
        return role is null ? null : VaultResponse.WithData(DatabaseJson.StaticRole(role));
    }

    private static async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await context.Storage.DeleteAsync(DatabaseStorageKeys.StaticRolePrefix + context.Get(DatabaseFields.Name), cancellationToken).ConfigureAwait(false);
        return null;
    }
}
