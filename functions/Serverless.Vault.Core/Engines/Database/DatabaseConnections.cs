using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// Finds a config's plugin, renders its connection, and turns plugin failures into Vault's errors: the database being
/// unreachable is a 503 naming the connection, a rejected statement a 400; neither ever shows a password.
/// </summary>
internal sealed class DatabaseConnections(IReadOnlyDictionary<string, IDatabasePlugin> plugins, string mountUuid)
{
    public IDatabasePlugin Plugin(string name) =>
        plugins.TryGetValue(name, out var plugin) ? plugin : throw VaultException.InvalidRequest($"unsupported plugin_name \"{name}\"; supported: {string.Join(", ", plugins.Keys)}");

    public IDatabasePlugin? TryPlugin(string name) => plugins.GetValueOrDefault(name);

    public string Key(string name) => mountUuid + "/" + name;

    public DatabaseConnection For(string name, ConnectionConfigRecord config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string Escape(string value) => config.DisableEscaping ? value : Uri.EscapeDataString(value);
        var url = config.ConnectionUrl
            .Replace("{{username}}", Escape(config.Username), StringComparison.Ordinal)
            .Replace("{{name}}", Escape(config.Username), StringComparison.Ordinal)
            .Replace("{{password}}", Escape(config.Password), StringComparison.Ordinal);
        return new DatabaseConnection
        {
            Key = Key(name),
            Name = name,
            ConnectionUrl = url,
            Username = config.Username,
            Password = config.Password,
            MaxOpenConnections = config.MaxOpenConnections,
            MaxIdleConnections = config.MaxIdleConnections,
            MaxConnectionLifetime = TimeSpan.FromSeconds(config.MaxConnectionLifetimeSeconds),
        };
    }

    /// <summary>The stored config with its plugin and connection; an unknown name is a 400 as in Vault.</summary>
    public async Task<(ConnectionConfigRecord Config, IDatabasePlugin Plugin, DatabaseConnection Connection)> LoadAsync(
        IStorage storage, string name, CancellationToken cancellationToken)
    {
        var config = await DatabaseStore.GetAsync<ConnectionConfigRecord>(storage, DatabaseStorageKeys.ConfigPrefix, name, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"failed to find entry for connection with name: \"{name}\"");
        return (config, Plugin(config.PluginName), For(name, config));
    }

    /// <summary>Connects once; any failure, the database being down included, is the caller's configuration: a 400.</summary>
    public static async Task VerifyAsync(IDatabasePlugin plugin, DatabaseConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        try
        {
            await plugin.VerifyConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabasePluginException error)
        {
            throw VaultException.InvalidRequest($"error creating database object: error verifying connection: {error.Message}");
        }
    }

    /// <summary>Runs a plugin call, mapping its failure to a <see cref="VaultException"/> that starts with <paramref name="action"/>.</summary>
    public static async Task RunAsync(DatabaseConnection connection, string action, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (DatabasePluginException error) when (error.Unreachable)
        {
            throw VaultException.Unavailable($"{action}: database connection \"{connection.Name}\" is unavailable: {error.Message}");
        }
        catch (DatabasePluginException error)
        {
            throw VaultException.InvalidRequest($"{action}: {error.Message}");
        }
    }
}
