namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>Where a transit mount keeps things inside its own (barrier-encrypted) storage view.</summary>
internal static class TransitStorageKeys
{
    /// <summary>
    /// One row per key: "policy/&lt;name&gt;" holds the settings and every version's material. Vault uses the same
    /// prefix, so a listing of keys is one listing of this folder, and one row means one ETag guards a whole key
    /// (a rotation and a config change on two instances can never both win).
    /// </summary>
    public const string PolicyPrefix = "policy/";

    public static string Policy(string name) => PolicyPrefix + name;

    /// <summary>The mount's cache-config {size}; Vault's path, outside "policy/" so no key name can collide with it.</summary>
    public const string CacheConfig = "config/cache";

    /// <summary>The mount's config/keys {disable_upsert}; Vault's path.</summary>
    public const string KeysConfig = "config/keys";

    /// <summary>
    /// The mount's RSA-4096 import wrapping key (private and public), made once and written NotExists; outside
    /// "policy/" so it is not listed, exported or backed up as a key.
    /// </summary>
    public const string WrappingKey = "config/wrapping_key";
}
