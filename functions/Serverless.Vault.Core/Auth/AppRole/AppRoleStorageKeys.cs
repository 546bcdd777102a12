namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>Where an AppRole mount keeps its rows, inside its own (encrypted) storage view.</summary>
internal static class AppRoleStorageKeys
{
    /// <summary>The per-mount HMAC key for role IDs, secret IDs and accessors, created once.</summary>
    public const string Salt = "salt";

    /// <summary>role/&lt;lower-case name&gt;: the role record; listing it lists the roles.</summary>
    public const string RolePrefix = "role/";

    /// <summary>role_id/&lt;hmac(role_id)&gt;: the role name, so a login finds its role in one read.</summary>
    public const string RoleIdPrefix = "role_id/";

    /// <summary>secret_id/&lt;role prefix&gt;/&lt;hmac(secret_id)&gt;: the secret ID record, keyed by HMAC only.</summary>
    public const string SecretIdPrefix = "secret_id/";

    /// <summary>accessor/&lt;role prefix&gt;/&lt;hmac(accessor)&gt;: the secret ID's HMAC; scoped to the role (CVE-2023-24999).</summary>
    public const string AccessorPrefix = "accessor/";

    /// <summary>
    /// Keys no role or secret ID ever has: a login with an unknown role_id reads them in place of the role and its secret
    /// ID, so it does the same storage reads as a login with a known one (CVE-2025-6011). Two distinct keys, since a
    /// request's read cache would answer a second read of one key without touching storage.
    /// </summary>
    public const string DecoyRole = "decoy/role";

    /// <inheritdoc cref="DecoyRole"/>
    public const string DecoySecretId = "decoy/secret_id";

    public static string Role(string name) => RolePrefix + name;

    public static string RoleId(string roleIdHmac) => RoleIdPrefix + roleIdHmac;

    public static string SecretIds(string rolePrefix) => SecretIdPrefix + rolePrefix + "/";

    public static string SecretId(string rolePrefix, string secretIdHmac) => SecretIds(rolePrefix) + secretIdHmac;

    public static string Accessors(string rolePrefix) => AccessorPrefix + rolePrefix + "/";

    public static string Accessor(string rolePrefix, string accessorHmac) => Accessors(rolePrefix) + accessorHmac;
}
