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
}
