namespace Serverless.Vault.Core.Engines.Database;

/// <summary>Where a database mount keeps things in its own (barrier-encrypted) storage view; Vault's prefixes.</summary>
internal static class DatabaseStorageKeys
{
    /// <summary>One row per connection, root password included (the barrier encrypts it).</summary>
    public const string ConfigPrefix = "config/";

    /// <summary>One row per dynamic role.</summary>
    public const string RolePrefix = "role/";

    /// <summary>One row per static role, its current password included, so one ETag guards a rotation.</summary>
    public const string StaticRolePrefix = "static-role/";
}
