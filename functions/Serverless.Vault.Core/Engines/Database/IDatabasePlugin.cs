namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// One kind of database the engine can manage users on (plugin_name). A plugin talks to the database and nothing else:
/// the engine decides names, passwords, statements and lifetimes. Failures are thrown as <see cref="DatabasePluginException"/>
/// whose message holds no password and no connection string.
/// </summary>
public interface IDatabasePlugin
{
    /// <summary>The plugin_name that selects this plugin, e.g. "postgresql-database-plugin".</summary>
    string Name { get; }

    /// <summary>Opens a connection and runs a trivial query.</summary>
    Task VerifyConnectionAsync(DatabaseConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the creation statements in one transaction; when any fails, runs the rollback statements (the plugin's
    /// default clean-up when there are none) so that no user is left behind, then throws.
    /// </summary>
    Task CreateUserAsync(DatabaseConnection connection, NewDatabaseUser user, CancellationToken cancellationToken);

    /// <summary>Removes the user; a user that no longer exists counts as removed. Empty statements mean the plugin's default.</summary>
    Task RevokeUserAsync(DatabaseConnection connection, string username, IReadOnlyList<string> statements, CancellationToken cancellationToken);

    /// <summary>Moves the user's expiry; empty statements mean the plugin's default.</summary>
    Task RenewUserAsync(DatabaseConnection connection, string username, DateTimeOffset expiration, IReadOnlyList<string> statements, CancellationToken cancellationToken);

    /// <summary>Sets a new password (static roles, the root user); empty statements mean the plugin's default.</summary>
    Task SetPasswordAsync(DatabaseConnection connection, string username, string password, IReadOnlyList<string> statements, CancellationToken cancellationToken);

    /// <summary>Closes and drops any pooled connections of this connection key (config deleted or reset).</summary>
    void Forget(string connectionKey);
}
