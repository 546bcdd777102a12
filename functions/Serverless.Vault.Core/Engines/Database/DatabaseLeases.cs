using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// Renewal and revocation of issued users, called back by the lease manager. The lease carries the username, role and
/// connection, so a user is still revoked (with the default statements) after its role was deleted.
/// </summary>
internal sealed class DatabaseLeases(IStorage storage, DatabaseConnections connections)
{
    private const string UsernameKey = "username";
    private const string RoleKey = "role";
    private const string DbNameKey = "db_name";

    public static JsonObject InternalData(string username, string role, string dbName) =>
        new() { [UsernameKey] = username, [RoleKey] = role, [DbNameKey] = dbName };

    public async Task RevokeAsync(LeaseContext lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var (username, roleName, dbName) = Read(lease.InternalData);
        var role = await DatabaseStore.GetAsync<DatabaseRoleRecord>(storage, DatabaseStorageKeys.RolePrefix, roleName, cancellationToken).ConfigureAwait(false);
        var (_, plugin, connection) = await connections.LoadAsync(storage, role?.DbName ?? dbName, cancellationToken).ConfigureAwait(false);
        // Not abandoned once started: the statements run in one transaction, and a half-cancelled revoke helps nobody.
        await DatabaseConnections.RunAsync(connection, "failed to revoke user", () =>
            plugin.RevokeUserAsync(connection, username, role?.RevocationStatements ?? [], CancellationToken.None)).ConfigureAwait(false);
    }

    public async Task RenewAsync(LeaseContext lease, DateTimeOffset newExpireTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var (username, roleName, _) = Read(lease.InternalData);
        var role = await DatabaseStore.GetAsync<DatabaseRoleRecord>(storage, DatabaseStorageKeys.RolePrefix, roleName, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"error during renew: could not find role with name {roleName}");
        var (_, plugin, connection) = await connections.LoadAsync(storage, role.DbName, cancellationToken).ConfigureAwait(false);
        await DatabaseConnections.RunAsync(connection, "failed to renew user", () =>
            plugin.RenewUserAsync(connection, username, newExpireTime, role.RenewStatements, cancellationToken)).ConfigureAwait(false);
    }

    private static (string Username, string Role, string DbName) Read(JsonObject data) =>
        (Text(data, UsernameKey), Text(data, RoleKey), Text(data, DbNameKey));

    private static string Text(JsonObject data, string key) =>
        data[key]?.GetValue<string>() is { Length: > 0 } value ? value : throw new InvalidDataException($"The lease's internal data has no {key}.");
}
