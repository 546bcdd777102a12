using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>creds/:name: a new database user under a lease, made with the role's creation statements.</summary>
internal sealed class CredsPaths(DatabaseConnections connections, CredentialGenerator generator, TimeProvider time)
{
    public PathSpec Spec => new("creds/{name}")
    {
        Fields = [DatabaseFields.Name],
        Handlers = { [Operation.Read] = IssueAsync },
        Synopsis = "Issue credentials for a dynamic role.",
        Description = "The user expires in the database at the end of the lease; revoking the lease drops it.",
    };

    private async Task<VaultResponse?> IssueAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var role = await DatabaseStore.GetAsync<DatabaseRoleRecord>(context.Storage, DatabaseStorageKeys.RolePrefix, name, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"unknown role: {name}");
        var (config, plugin, connection) = await connections.LoadAsync(context.Storage, role.DbName, cancellationToken).ConfigureAwait(false);
        if (!AllowedRoles.Allows(config.AllowedRoles, name))
        {
            throw VaultException.InvalidRequest($"\"{name}\" is not an allowed role");
        }

        var now = time.GetUtcNow();
        var user = new NewDatabaseUser(
            CredentialGenerator.Username(config, context.Request.Token?.DisplayName ?? "token", name, now),
            await generator.PasswordAsync(config, cancellationToken).ConfigureAwait(false),
            now + Lifetime(role, context.Request.Mount?.Config ?? new MountConfig()),
            role.CreationStatements,
            role.RollbackStatements);
        // Not abandoned on cancellation: a user made but never leased would outlive every revocation.
        await DatabaseConnections.RunAsync(connection, "error creating user", () => plugin.CreateUserAsync(connection, user, CancellationToken.None)).ConfigureAwait(false);
        return new VaultResponse
        {
            Data = new JsonObject { ["username"] = user.Username, ["password"] = user.Password },
            Secret = new SecretLease
            {
                Ttl = TimeSpan.FromSeconds(role.DefaultTtlSeconds),
                MaxTtl = TimeSpan.FromSeconds(role.MaxTtlSeconds),
                InternalData = DatabaseLeases.InternalData(user.Username, name, role.DbName),
            },
        };
    }

    /// <summary>The VALID UNTIL of a new user: the lease's TTL as the pipeline will cap it, so the database expires it too.</summary>
    private static TimeSpan Lifetime(DatabaseRoleRecord role, MountConfig mount)
    {
        var ttl = role.DefaultTtlSeconds > 0 ? role.DefaultTtlSeconds : MountDefaults.EffectiveDefaultTtl(mount);
        var max = role.MaxTtlSeconds > 0 ? Math.Min(role.MaxTtlSeconds, MountDefaults.EffectiveMaxTtl(mount)) : MountDefaults.EffectiveMaxTtl(mount);
        return TimeSpan.FromSeconds(Math.Min(ttl, max));
    }
}
