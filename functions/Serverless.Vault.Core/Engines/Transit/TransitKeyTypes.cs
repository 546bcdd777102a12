using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>Vault's key type names and what each type can do.</summary>
internal static class TransitKeyTypes
{
    public const string DefaultName = "aes256-gcm96";

    /// <summary>Vault's bounds for hmac keys (keysutil HmacMinKeySize / HmacMaxKeySize), in bytes.</summary>
    public const int HmacMinKeySize = 32;

    public const int HmacMaxKeySize = 512;

    /// <summary>Types Vault has that a later increment adds; asking for one now is a clear 400, not "unknown".</summary>
    private static readonly HashSet<string> Later = new(StringComparer.Ordinal)
    {
        "ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa-2048", "rsa-3072", "rsa-4096", "xchacha20-poly1305",
    };

    public static TransitKeyType Parse(string name) => name switch
    {
        "aes128-gcm96" => TransitKeyType.Aes128Gcm96,
        "aes256-gcm96" => TransitKeyType.Aes256Gcm96,
        "chacha20-poly1305" => TransitKeyType.ChaCha20Poly1305,
        "hmac" => TransitKeyType.Hmac,
        _ when Later.Contains(name) => throw VaultException.InvalidRequest($"key type {name} is not supported yet"),
        _ => throw VaultException.InvalidRequest($"unknown key type {name}"),
    };

    public static string Name(TransitKeyType type) => type switch
    {
        TransitKeyType.Aes128Gcm96 => "aes128-gcm96",
        TransitKeyType.Aes256Gcm96 => "aes256-gcm96",
        TransitKeyType.ChaCha20Poly1305 => "chacha20-poly1305",
        _ => "hmac",
    };

    /// <summary>Encryption, decryption and derivation go together for the AEAD types; hmac keys only MAC.</summary>
    public static bool IsAead(TransitKeyType type) => type != TransitKeyType.Hmac;

    /// <summary>Bytes of a new version's key: AES-128 16, the other AEADs 32, hmac its key_size.</summary>
    public static int KeyLength(TransitKeyType type, int hmacKeySize) => type switch
    {
        TransitKeyType.Aes128Gcm96 => 16,
        TransitKeyType.Hmac => hmacKeySize,
        _ => 32,
    };
}
