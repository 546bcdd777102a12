using System.Security.Cryptography;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Vault's symmetric format: "vault:v&lt;N&gt;:" + base64(12-byte nonce || ciphertext || 16-byte tag), the nonce random
/// or (convergent keys) the first 12 bytes of HMAC-SHA256 over the plaintext; derived keys use HKDF-SHA256 with the
/// context as info and no salt (keysutil's hkdf_sha256).
/// </summary>
internal static class TransitCipher
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>Bytes of the nonce key that convergent version 3 derives right after the encryption key.</summary>
    private const int ConvergentHmacKeySize = 32;

    internal const string MissingContext =
        "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key";

    /// <summary>The version an encryption uses: 0 means the latest; versions below min_encryption_version are refused.</summary>
    public static long EncryptionVersion(KeyPolicyRecord settings, long requested) => requested switch
    {
        0 => settings.LatestVersion,
        < 0 => throw VaultException.InvalidRequest("requested version for encryption is negative"),
        _ when requested > settings.LatestVersion => throw VaultException.InvalidRequest("requested version for encryption is higher than the latest key version"),
        _ when requested < settings.MinEncryptionVersion => throw VaultException.InvalidRequest("requested version for encryption is less than the minimum encryption key version"),
        _ => requested,
    };

    public static string Encrypt(KeyPolicy policy, long version, byte[] context, byte[] plaintext, byte[] associatedData)
    {
        EnsureAead(policy, "encryption");
        if (TransitKeyTypes.IsRsa(policy.KeyType))
        {
            return RsaCipher.Encrypt(policy, version, plaintext);
        }

        var settings = policy.Settings;
        var encBytes = KeySize(policy.KeyType);
        var derivedBytes = encBytes + (settings.ConvergentEncryption ? ConvergentHmacKeySize : 0);
        var key = EncryptionKey(policy, version, context, derivedBytes);
        try
        {
            var output = new byte[NonceSize + plaintext.Length + TagSize];
            var nonce = output.AsSpan(0, NonceSize);
            if (settings.ConvergentEncryption)
            {
                // Version 3: the nonce key is derived with the encryption key, so equal plaintexts under one context
                // (and only those) give equal ciphertexts.
                HMACSHA256.HashData(key.AsSpan(encBytes, ConvergentHmacKeySize), plaintext).AsSpan(0, NonceSize).CopyTo(nonce);
            }
            else
            {
                RandomNumberGenerator.Fill(nonce);
            }

            Seal(policy.KeyType, key.AsSpan(0, encBytes), nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), associatedData);
            return VersionedValue.Format(version, output);
        }
        finally
        {
            ZeroIfDerived(settings, key);
        }
    }

    /// <summary>Decrypts a ciphertext string; every failure is a 400 that never contains plaintext.</summary>
    public static byte[] Decrypt(KeyPolicy policy, string ciphertext, byte[] context, byte[] associatedData)
    {
        EnsureAead(policy, "decryption");
        var settings = policy.Settings;
        var value = VersionedValue.Parse(ciphertext, "ciphertext");
        if (value.Version > settings.LatestVersion)
        {
            throw VaultException.InvalidRequest("invalid ciphertext: version is too new");
        }

        if (value.Version < settings.MinDecryptionVersion)
        {
            throw VaultException.InvalidRequest("ciphertext or signature version is disallowed by policy (too old)");
        }

        if (!Base64Input.TryDecode(value.Payload, out var decoded))
        {
            throw VaultException.InvalidRequest("invalid ciphertext: could not decode base64");
        }

        if (TransitKeyTypes.IsRsa(policy.KeyType))
        {
            return RsaCipher.Decrypt(policy, value.Version, decoded);
        }

        var encBytes = KeySize(policy.KeyType);
        var key = EncryptionKey(policy, value.Version, context, encBytes);
        try
        {
            if (decoded.Length < NonceSize)
            {
                throw VaultException.InvalidRequest("invalid ciphertext length");
            }

            if (decoded.Length < NonceSize + TagSize)
            {
                throw AuthenticationFailed(policy.KeyType);
            }

            var body = decoded.AsSpan(NonceSize, decoded.Length - NonceSize - TagSize);
            var plaintext = new byte[body.Length];
            try
            {
                Open(policy.KeyType, key.AsSpan(0, encBytes), decoded.AsSpan(0, NonceSize), body, decoded.AsSpan(decoded.Length - TagSize), plaintext, associatedData);
            }
            catch (CryptographicException)
            {
                throw AuthenticationFailed(policy.KeyType);
            }

            return plaintext;
        }
        finally
        {
            ZeroIfDerived(settings, key);
        }
    }

    private static void EnsureAead(KeyPolicy policy, string operation)
    {
        if (!TransitKeyTypes.IsAead(policy.KeyType) && !TransitKeyTypes.IsRsa(policy.KeyType))
        {
            throw VaultException.InvalidRequest($"message {operation} not supported for key type {TransitKeyTypes.Name(policy.KeyType)}");
        }
    }

    private static int KeySize(TransitKeyType type) => type == TransitKeyType.Aes128Gcm96 ? 16 : 32;

    /// <summary>The stored key, or for derived keys HKDF-SHA256(key, salt: none, info: context) of the given length.</summary>
    private static byte[] EncryptionKey(KeyPolicy policy, long version, byte[] context, int length)
    {
        var stored = policy.Version(version).Key;
        if (!policy.Settings.Derived)
        {
            return stored;
        }

        return context.Length == 0
            ? throw VaultException.InvalidRequest(MissingContext)
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, stored, length, [], context);
    }

    /// <summary>Derived keys are this request's own copy; the stored key belongs to the policy and is zeroed with it.</summary>
    private static void ZeroIfDerived(KeyPolicyRecord settings, byte[] key)
    {
        if (settings.Derived)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void Seal(TransitKeyType type, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (type == TransitKeyType.ChaCha20Poly1305)
        {
            using var chacha = new ChaCha20Poly1305(key);
            chacha.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        }
        else
        {
            using var gcm = new AesGcm(key, TagSize);
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        }
    }

    private static void Open(TransitKeyType type, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        if (type == TransitKeyType.ChaCha20Poly1305)
        {
            using var chacha = new ChaCha20Poly1305(key);
            chacha.Decrypt(nonce, ciphertext, tag, plaintext, aad);
        }
        else
        {
            using var gcm = new AesGcm(key, TagSize);
            gcm.Decrypt(nonce, ciphertext, tag, plaintext, aad);
        }
    }

    /// <summary>Go's AEAD error text, which Vault passes through.</summary>
    private static VaultException AuthenticationFailed(TransitKeyType type) =>
        VaultException.InvalidRequest(type == TransitKeyType.ChaCha20Poly1305
            ? "chacha20poly1305: message authentication failed"
            : "cipher: message authentication failed");
}
