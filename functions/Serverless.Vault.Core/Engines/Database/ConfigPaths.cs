using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>config (list) and config/:name: database connections. The root password is written, never read back.</summary>
internal sealed class ConfigPaths(DatabaseConnections connections, CredentialGenerator generator)
{
    private static readonly Field<string> PluginName = Fields.String("plugin_name", "The database plugin, e.g. postgresql-database-plugin.");
    private static readonly Field<string> ConnectionUrl = Fields.String("connection_url", "Connection string; {{username}} and {{password}} are substituted.");
    private static readonly Field<string> Username = Fields.String("username", "The root user the engine connects as.");
    private static readonly Field<string> Password = Fields.String("password", "The root user's password; never returned.");
    private static readonly Field<IReadOnlyList<string>> AllowedRoles = Fields.StringList("allowed_roles", "Roles that may use this connection; \"*\" for any.");
    private static readonly Field<bool> VerifyConnection = Fields.Bool("verify_connection", "Connect once before saving.", true);
    private static readonly Field<long> MaxOpenConnections = Fields.Int("max_open_connections", "Pool size per instance.", 4);
    private static readonly Field<long> MaxIdleConnections = Fields.Int("max_idle_connections", "Idle connections kept open; those beyond are closed after a few seconds idle.");
    private static readonly Field<TimeSpan> MaxConnectionLifetime = Fields.Duration("max_connection_lifetime", "Close pooled connections older than this; 0 for never.");
    private static readonly Field<bool> DisableEscaping = Fields.Bool("disable_escaping", "Substitute username and password into connection_url without URL-escaping.");
    private static readonly Field<string> PasswordAuthentication = Fields.String("password_authentication", "password or scram-sha-256.", "password");
    private static readonly Field<string> PasswordPolicy = Fields.String("password_policy", "The sys/policies/password policy that generates users' passwords; empty for Vault's default.");
    private static readonly Field<string> UsernameTemplate = Fields.String("username_template", "The template of generated usernames (Go template syntax); empty for Vault's default.");
    private static readonly Field<IReadOnlyList<string>> RootRotationStatements = DatabaseFields.Statements("root_rotation_statements", "Statements that set the root password on rotate-root.");

    public IEnumerable<PathSpec> Specs =>
    [
        new("config")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "List the database connections.",
        },
        new("config/{name}")
        {
            Fields = [DatabaseFields.Name, PluginName, ConnectionUrl, Username, Password, AllowedRoles, VerifyConnection, MaxOpenConnections,
                MaxIdleConnections, MaxConnectionLifetime, DisableEscaping, PasswordAuthentication, PasswordPolicy, UsernameTemplate, RootRotationStatements],
            Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
            Existence = DatabaseStore.Exists(DatabaseStorageKeys.ConfigPrefix, DatabaseFields.Name),
            Synopsis = "Configure, read or delete a database connection.",
            Description = "A write merges into the existing configuration; the password is never returned.",
        },
    ];

    private static async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var names = await DatabaseStore.ListAsync(context.Storage, DatabaseStorageKeys.ConfigPrefix, cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = DatabaseJson.Array(names) });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var (existing, entry) = await DatabaseStore.ReadAsync<ConnectionConfigRecord>(context.Storage, DatabaseStorageKeys.ConfigPrefix, name, cancellationToken).ConfigureAwait(false);
        var current = existing ?? new ConnectionConfigRecord();
        var input = context.Input;
        T Pick<T>(Field<T> field, T old) => context.GetOr(field, old);
        var config = new ConnectionConfigRecord
        {
            PluginName = Pick(PluginName, current.PluginName),
            ConnectionUrl = Pick(ConnectionUrl, current.ConnectionUrl),
            Username = Pick(Username, current.Username),
            Password = Pick(Password, current.Password),
            PendingPassword = input.Has(Password) ? null : current.PendingPassword,
            AllowedRoles = Pick(AllowedRoles, current.AllowedRoles),
            VerifyConnection = context.Get(VerifyConnection),
            MaxOpenConnections = (int)Math.Clamp(Pick(MaxOpenConnections, current.MaxOpenConnections), 0, 1000),
            MaxIdleConnections = (int)Math.Clamp(Pick(MaxIdleConnections, current.MaxIdleConnections), 0, 1000),
            MaxConnectionLifetimeSeconds = input.Has(MaxConnectionLifetime) ? (long)context.Get(MaxConnectionLifetime).TotalSeconds : current.MaxConnectionLifetimeSeconds,
            DisableEscaping = Pick(DisableEscaping, current.DisableEscaping),
            PasswordAuthentication = Pick(PasswordAuthentication, current.PasswordAuthentication),
            PasswordPolicy = Pick(PasswordPolicy, current.PasswordPolicy),
            UsernameTemplate = Pick(UsernameTemplate, current.UsernameTemplate),
            RootRotationStatements = Pick(RootRotationStatements, current.RootRotationStatements),
        };
        if (config.PluginName.Length == 0)
        {
            throw VaultException.InvalidRequest("empty plugin name");
        }

        if (config.ConnectionUrl.Length == 0)
        {
            throw VaultException.InvalidRequest("connection_url cannot be empty");
        }

        CredentialGenerator.ValidateTemplate(config.UsernameTemplate);
        await generator.ValidatePolicyAsync(config.PasswordPolicy, cancellationToken).ConfigureAwait(false);
        var plugin = connections.Plugin(config.PluginName);
        var connection = connections.For(name, config);
        if (config.VerifyConnection)
        {
            await DatabaseConnections.VerifyAsync(plugin, connection, cancellationToken).ConfigureAwait(false);
        }

        await DatabaseStore.PutAsync(context.Storage, DatabaseStorageKeys.ConfigPrefix, name, config, entry, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = await DatabaseStore.GetAsync<ConnectionConfigRecord>(context.Storage, DatabaseStorageKeys.ConfigPrefix, context.Get(DatabaseFields.Name), cancellationToken).ConfigureAwait(false);
        return config is null ? null : VaultResponse.WithData(DatabaseJson.Config(config));
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var config = await DatabaseStore.GetAsync<ConnectionConfigRecord>(context.Storage, DatabaseStorageKeys.ConfigPrefix, name, cancellationToken).ConfigureAwait(false);
        await context.Storage.DeleteAsync(DatabaseStorageKeys.ConfigPrefix + name, cancellationToken).ConfigureAwait(false);
        if (config is not null && connections.TryPlugin(config.PluginName) is { } plugin)
        {
            plugin.Forget(connections.Key(name));
        }

        return null;
    }
}
