namespace Serverless.Vault.Core.Barrier;

/// <summary>The physical storage keys the barrier owns, kept in one place so nothing else spells them.</summary>
internal static class BarrierPaths
{
    /// <summary>
    /// The root key wrapped by the seal. Not barrier-encrypted: the seal's key-encryption key protects it, and it must be
    /// readable before any barrier key exists. Never reachable through the encrypted view.
    /// </summary>
    public const string RootKey = "core/root-key";

    /// <summary>
    /// The keyring (every term's data key), encrypted under the root key with this path as associated data. Never
    /// reachable through the encrypted view, so no code above the barrier can read or replace data keys.
    /// </summary>
    public const string Keyring = "core/keyring";

    /// <summary>
    /// The re-encryption job's checkpoint. Stored through the encrypted view like any other value, so that a storage
    /// reader learns nothing about which keys exist beyond what the table already shows.
    /// </summary>
    public const string ReencryptionCheckpoint = "core/reencryption";

    /// <summary>
    /// The table audit device's rows: written in plain text to physical storage (their secrets are already HMAC'd), so
    /// the encrypted view must never read them as ciphertext and re-encryption has nothing to do there.
    /// </summary>
    public const string AuditLog = "audit";

    /// <summary>True for keys only the barrier may touch: the paths above and anything beneath them.</summary>
    public static bool IsReserved(string key) =>
        IsOrUnder(key, RootKey) || IsOrUnder(key, Keyring) || IsOrUnder(key, AuditLog);

    private static bool IsOrUnder(string key, string path) =>
        key == path || key.StartsWith(path + "/", StringComparison.Ordinal);
}
