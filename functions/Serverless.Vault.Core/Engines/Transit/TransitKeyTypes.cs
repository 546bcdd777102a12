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
        "xchacha20-poly1305",
    };

    public static TransitKeyType Parse(string name) => name switch
    {
        "aes128-gcm96" => TransitKeyType.Aes128Gcm96,
        "aes256-gcm96" => TransitKeyType.Aes256Gcm96,
        "chacha20-poly1305" => TransitKeyType.ChaCha20Poly1305,
        "hmac" => TransitKeyType.Hmac,
        "ed25519" => TransitKeyType.Ed25519,
        "ecdsa-p256" => TransitKeyType.EcdsaP256,
        "ecdsa-p384" => TransitKeyType.EcdsaP384,
        "ecdsa-p521" => TransitKeyType.EcdsaP521,
        "rsa-2048" => TransitKeyType.Rsa2048,
        "rsa-3072" => TransitKeyType.Rsa3072,
        "rsa-4096" => TransitKeyType.Rsa4096,
        _ when Later.Contains(name) => throw VaultException.InvalidRequest($"key type {name} is not supported yet"),
        _ => throw VaultException.InvalidRequest($"unknown key type {name}"),
    };

    public static string Name(TransitKeyType type) => type switch
    {
        TransitKeyType.Aes128Gcm96 => "aes128-gcm96",
        TransitKeyType.Aes256Gcm96 => "aes256-gcm96",
        TransitKeyType.ChaCha20Poly1305 => "chacha20-poly1305",
        TransitKeyType.Ed25519 => "ed25519",
        TransitKeyType.EcdsaP256 => "ecdsa-p256",
        TransitKeyType.EcdsaP384 => "ecdsa-p384",
        TransitKeyType.EcdsaP521 => "ecdsa-p521",
        TransitKeyType.Rsa2048 => "rsa-2048",
        TransitKeyType.Rsa3072 => "rsa-3072",
        TransitKeyType.Rsa4096 => "rsa-4096",
        _ => "hmac",
    };

    /// <summary>The symmetric AEAD types: encryption, decryption and derivation go together; hmac keys only MAC.</summary>
    public static bool IsAead(TransitKeyType type) =>
        type is TransitKeyType.Aes128Gcm96 or TransitKeyType.Aes256Gcm96 or TransitKeyType.ChaCha20Poly1305;

    /// <summary>The asymmetric types, whose versions hold a private key and show a public key.</summary>
    public static bool IsAsymmetric(TransitKeyType type) => IsSigning(type);

    /// <summary>Vault's SigningSupported: Ed25519, ECDSA and RSA.</summary>
    public static bool IsSigning(TransitKeyType type) => type >= TransitKeyType.Ed25519;

    public static bool IsEcdsa(TransitKeyType type) => type is TransitKeyType.EcdsaP256 or TransitKeyType.EcdsaP384 or TransitKeyType.EcdsaP521;

    /// <summary>RSA keys also encrypt (RSA-OAEP with SHA-256), as in Vault.</summary>
    public static bool IsRsa(TransitKeyType type) => type is TransitKeyType.Rsa2048 or TransitKeyType.Rsa3072 or TransitKeyType.Rsa4096;

    /// <summary>Bytes of a new version's key: AES-128 16, the other AEADs 32, hmac its key_size.</summary>
    public static int KeyLength(TransitKeyType type, int hmacKeySize) => type switch
    {
        TransitKeyType.Aes128Gcm96 => 16,
        TransitKeyType.Hmac => hmacKeySize,
        _ => 32,
    };
}
