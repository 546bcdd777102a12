using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// reset/:name (drop the pooled connections; settle a rotate-root cut short) and rotate-root/:name (a new root
/// password only Vault knows). Rotation writes the new password as pending before changing it in the database.
/// </summary>
internal sealed class RootCredentialPaths(DatabaseConnections connections, CredentialGenerator generator)
{
    public IEnumerable<PathSpec> Specs =>
    [
        new("reset/{name}")
        {
            Fields = [DatabaseFields.Name],
            Handlers = { [Operation.Update] = ResetAsync },
            Synopsis = "Close the connection's pooled connections on this instance; the next request opens new ones.",
        },
        new("rotate-root/{name}")
        {
            Fields = [DatabaseFields.Name],
            Handlers = { [Operation.Update] = RotateRootAsync },
            Synopsis = "Replace the root user's password with a random one that is stored and never shown.",
        },
    ];

    private async Task<VaultResponse?> ResetAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var (config, plugin, _) = await connections.LoadAsync(context.Storage, name, cancellationToken).ConfigureAwait(false);
        plugin.Forget(connections.Key(name));
        if (config.PendingPassword is { } pending)
        {
            var pendingConnection = connections.For(name, config with { Password = pending });
            var works = await TryVerifyAsync(plugin, pendingConnection, cancellationToken).ConfigureAwait(false);
            await SettleAsync(context.Storage, name, pending, works).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<VaultResponse?> RotateRootAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var password = await NewPasswordAsync(context, name, cancellationToken).ConfigureAwait(false);
        var config = await ConflictRetry.RunAsync(async () =>
        {
            var (current, entry) = await DatabaseStore.ReadAsync<ConnectionConfigRecord>(context.Storage, DatabaseStorageKeys.ConfigPrefix, name, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                throw VaultException.InvalidRequest($"failed to find entry for connection with name: \"{name}\"");
            }

            if (current.Username.Length == 0)
            {
                throw VaultException.InvalidRequest("unable to rotate root credentials: no username in configuration");
            }

            await DatabaseStore.PutAsync(context.Storage, DatabaseStorageKeys.ConfigPrefix, name, current with { PendingPassword = password }, entry, cancellationToken).ConfigureAwait(false);
            return current;
        }, cancellationToken).ConfigureAwait(false);

        var plugin = connections.Plugin(config.PluginName);
        var connection = connections.For(name, config);
        try
        {
            // From here on nothing is abandoned: the database may already hold the new password.
            await DatabaseConnections.RunAsync(connection, "failed to update user", () =>
                plugin.SetPasswordAsync(connection, config.Username, password, config.RootRotationStatements, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (VaultException)
        {
            await SettleAsync(context.Storage, name, password, applied: false).ConfigureAwait(false);
            throw;
        }

        await SettleAsync(context.Storage, name, password, applied: true).ConfigureAwait(false);
        return null;
    }

    private static async Task<bool> TryVerifyAsync(IDatabasePlugin plugin, DatabaseConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await plugin.VerifyConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DatabasePluginException)
        {
            return false;
        }
    }

    /// <summary>Makes the pending password current (the database took it) or drops it, if it is still this one.</summary>
    private static Task SettleAsync(IStorage storage, string name, string pending, bool applied) =>
        ConflictRetry.RunAsync(async () =>
        {
            var (current, entry) = await DatabaseStore.ReadAsync<ConnectionConfigRecord>(storage, DatabaseStorageKeys.ConfigPrefix, name, CancellationToken.None).ConfigureAwait(false);
            if (current?.PendingPassword == pending)
            {
                var settled = applied ? current with { Password = pending, PendingPassword = null } : current with { PendingPassword = null };
                await DatabaseStore.PutAsync(storage, DatabaseStorageKeys.ConfigPrefix, name, settled, entry, CancellationToken.None).ConfigureAwait(false);
            }
        }, CancellationToken.None);

    /// <summary>A password from the connection's password_policy (Vault's default when none, or when the config is missing and the rotation fails anyway).</summary>
    private async Task<string> NewPasswordAsync(RequestContext context, string name, CancellationToken cancellationToken)
    {
        var config = await DatabaseStore.GetAsync<ConnectionConfigRecord>(context.Storage, DatabaseStorageKeys.ConfigPrefix, name, cancellationToken).ConfigureAwait(false);
        return await generator.PasswordAsync(config ?? new ConnectionConfigRecord(), cancellationToken).ConfigureAwait(false);
    }
}
