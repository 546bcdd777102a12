namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>Where a KV mount keeps things inside its own storage view.</summary>
internal static class KvStorageKeys
{
    /// <summary>KV v1 secrets: "d/&lt;path&gt;", one JSON map each. A prefix keeps them apart from v2's rows after an upgrade.</summary>
    public const string V1Prefix = "d/";

    /// <summary>
    /// KV v2 secrets: "m/&lt;path&gt;" holds the metadata and the current version's data, so that a read of the latest
    /// version is one storage read. Older versions sit beside it as "m/&lt;path&gt;\u0001&lt;version&gt;", in the same
    /// folder (one Table partition), so a write commits metadata and the superseded version in one transaction.
    /// </summary>
    public const string MetadataPrefix = "m/";

    /// <summary>
    /// Separates a secret's name from a version number. Request paths may not contain control characters, so no
    /// secret name can contain it, and listings drop every name that does.
    /// </summary>
    public const char VersionSeparator = '\u0001';

    /// <summary>The mount's KV v2 settings (max_versions, cas_required, delete_version_after).</summary>
    public const string ConfigKey = "config";

    /// <summary>Present once a v1 mount's secrets have been moved to the v2 layout.</summary>
    public const string UpgradedKey = "upgraded";

    public static string V1(string path) => V1Prefix + path;

    public static string Metadata(string path) => MetadataPrefix + path;

    public static string Version(string path, long version) =>
        MetadataPrefix + path + VersionSeparator + version.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
}
