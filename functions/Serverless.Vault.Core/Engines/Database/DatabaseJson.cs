using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>How the engine's records read back, in Vault's field names; no password ever appears here.</summary>
internal static class DatabaseJson
{
    public static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(item => (JsonNode?)item)]);

    public static JsonObject Config(ConnectionConfigRecord config) => new()
    {
        ["plugin_name"] = config.PluginName,
        ["plugin_version"] = "",
        ["allowed_roles"] = Array(config.AllowedRoles),
        ["connection_details"] = new JsonObject
        {
            ["connection_url"] = config.ConnectionUrl,
            ["username"] = config.Username,
            ["max_open_connections"] = config.MaxOpenConnections,
            ["max_idle_connections"] = config.MaxIdleConnections,
            ["max_connection_lifetime"] = DurationText.Format(TimeSpan.FromSeconds(config.MaxConnectionLifetimeSeconds)),
            ["disable_escaping"] = config.DisableEscaping,
            ["password_authentication"] = config.PasswordAuthentication,
            ["username_template"] = config.UsernameTemplate,
        },
        ["password_policy"] = config.PasswordPolicy,
        ["root_credentials_rotate_statements"] = Array(config.RootRotationStatements),
        ["verify_connection"] = config.VerifyConnection,
    };

    public static JsonObject Role(DatabaseRoleRecord role) => new()
    {
        ["db_name"] = role.DbName,
        ["creation_statements"] = Array(role.CreationStatements),
        ["revocation_statements"] = Array(role.RevocationStatements),
        ["rollback_statements"] = Array(role.RollbackStatements),
        ["renew_statements"] = Array(role.RenewStatements),
        ["default_ttl"] = role.DefaultTtlSeconds,
        ["max_ttl"] = role.MaxTtlSeconds,
        ["credential_type"] = "password",
        ["credential_config"] = new JsonObject(),
    };

    public static JsonObject StaticRole(StaticRoleRecord role) => new()
    {
        ["db_name"] = role.DbName,
        ["username"] = role.Username,
        ["rotation_period"] = role.RotationPeriodSeconds,
        ["rotation_statements"] = Array(role.RotationStatements),
        ["last_vault_rotation"] = role.LastVaultRotation?.ToString("O"),
        ["credential_type"] = "password",
        ["credential_config"] = new JsonObject(),
    };
}
