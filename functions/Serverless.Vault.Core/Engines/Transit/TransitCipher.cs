using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Security;

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

    /// <summary>Encrypts; <paramref name="instances"/>, when given, lends a batch's items one keyed cipher per version.</summary>
    public static string Encrypt(KeyPolicy policy, long version, byte[] context, ReadOnlySpan<byte> plaintext, byte[] associatedData, AeadInstances? instances = null)
    {
        EnsureAead(policy, "encryption");
        if (TransitKeyTypes.IsRsa(policy.KeyType))
        {
            return RsaCipher.Encrypt(policy, version, plaintext);
        }

        var (output, length) = Seal(policy, version, context, plaintext, associatedData, instances);
        var formatted = Format(version, output, length);
        ArrayPool<byte>.Shared.Return(output);
        return formatted;
    }

    /// <summary>
    /// <see cref="Encrypt"/> as UTF-8 "vault:vN:..." in a pooled array (give it back to the shared pool; it holds only
    /// the public ciphertext): a batch's ciphertexts never exist as UTF-16 strings, which are twice the bytes and are
    /// transcoded back to UTF-8 on output.
    /// </summary>
    public static (byte[] Rented, int Length) EncryptUtf8(KeyPolicy policy, long version, byte[] context, ReadOnlySpan<byte> plaintext, byte[] associatedData, AeadInstances? instances)
    {
        EnsureAead(policy, "encryption");
        if (TransitKeyTypes.IsRsa(policy.KeyType))
        {
            var rsa = RsaCipher.Encrypt(policy, version, plaintext);
            var ascii = ArrayPool<byte>.Shared.Rent(rsa.Length);
            return (ascii, Encoding.ASCII.GetBytes(rsa, ascii));
        }

        var (output, length) = Seal(policy, version, context, plaintext, associatedData, instances);
        Span<byte> digits = stackalloc byte[20];
        version.TryFormat(digits, out var digitCount, provider: CultureInfo.InvariantCulture);
        var text = ArrayPool<byte>.Shared.Rent(VersionedValue.Prefix.Length + digitCount + 1 + Base64.GetMaxEncodedToUtf8Length(length));
        "vault:v"u8.CopyTo(text);
        var at = VersionedValue.Prefix.Length;
        digits[..digitCount].CopyTo(text.AsSpan(at));
        at += digitCount;
        text[at++] = (byte)':';
        Base64.EncodeToUtf8(output.AsSpan(0, length), text.AsSpan(at), out _, out var encoded);
        ArrayPool<byte>.Shared.Return(output);
        return (text, at + encoded);
    }

    /// <summary>Nonce || AEAD ciphertext || tag in a pooled array (public bytes: returned without wiping).</summary>
    private static (byte[] Output, int Length) Seal(KeyPolicy policy, long version, byte[] context, ReadOnlySpan<byte> plaintext, byte[] associatedData, AeadInstances? instances)
    {
        var settings = policy.Settings;
        var encBytes = KeySize(policy.KeyType);
        var derivedBytes = encBytes + (settings.ConvergentEncryption ? ConvergentHmacKeySize : 0);
        var key = EncryptionKey(policy, version, context, derivedBytes);
        try
        {
            var outputLength = NonceSize + plaintext.Length + TagSize;
            var output = ArrayPool<byte>.Shared.Rent(outputLength);
            var nonce = output.AsSpan(0, NonceSize);
            if (settings.ConvergentEncryption)
            {
                // Version 3: the nonce key is derived with the encryption key, so equal plaintexts under one context
                // (and only those) give equal ciphertexts.
                HMACSHA256.HashData(key.AsSpan(encBytes, ConvergentHmacKeySize), plaintext).AsSpan(0, NonceSize).CopyTo(nonce);
            }
            else
            {
                BufferedRandom.Fill(nonce);
            }

            var aead = Lend(policy, version, key.AsSpan(0, encBytes), instances);
            try
            {
                aead.Aead.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length, TagSize), associatedData);
            }
            finally
            {
                Return(aead);
            }

            return (output, outputLength);
        }
        finally
        {
            ZeroIfDerived(settings, key);
        }
    }

    /// <summary>Decrypts a ciphertext string; every failure is a 400 that never contains plaintext.</summary>
    public static byte[] Decrypt(KeyPolicy policy, string ciphertext, byte[] context, byte[] associatedData, AeadInstances? instances = null)
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
            (ITransitAead Aead, AeadPool? Pool, bool Shared)? lent = null;
            try
            {
                // Keyed inside the try, as before: any cryptographic failure here reads as Go's authentication error.
                lent = Lend(policy, value.Version, key.AsSpan(0, encBytes), instances);
                lent.Value.Aead.Decrypt(decoded.AsSpan(0, NonceSize), body, decoded.AsSpan(decoded.Length - TagSize), plaintext, associatedData);
            }
            catch (CryptographicException)
            {
                throw AuthenticationFailed(policy.KeyType);
            }
            finally
            {
                if (lent is { } aead)
                {
                    Return(aead);
                }
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

    /// <summary>
    /// The request's shared instance for a stored key, else one from the version's pool; a derived key (different per
    /// context) gets a new one for this call alone.
    /// </summary>
    private static (ITransitAead Aead, AeadPool? Pool, bool Shared) Lend(KeyPolicy policy, long version, ReadOnlySpan<byte> key, AeadInstances? instances)
    {
        if (policy.Settings.Derived)
        {
            return (policy.Version(version).Aeads.Create(policy.KeyType, key), null, false);
        }

        var keyVersion = policy.Version(version);
        return instances is not null
            ? (instances.Get(version, keyVersion, policy.KeyType, key), null, true)
            : (keyVersion.Aeads.Rent(policy.KeyType, key), keyVersion.Aeads, false);
    }

    /// <summary>A shared instance lives until its owner disposes the set; a pooled one goes back; one made for this call alone goes now.</summary>
    private static void Return((ITransitAead Aead, AeadPool? Pool, bool Shared) lent)
    {
        if (lent.Shared)
        {
            return;
        }

        if (lent.Pool is { } pool)
        {
            pool.Return(lent.Aead);
        }
        else
        {
            lent.Aead.Dispose();
        }
    }

    /// <summary>
    /// "vault:v&lt;N&gt;:" + base64, as <see cref="VersionedValue.Format"/> writes it, but built in one allocation: the
    /// ciphertext is the largest string an encrypt builds, and the base64 string plus the concatenation copied it twice.
    /// </summary>
    private static string Format(long version, byte[] payload, int payloadLength)
    {
        var digits = version.ToString(CultureInfo.InvariantCulture);
        var length = VersionedValue.Prefix.Length + digits.Length + 1 + ((payloadLength + 2) / 3 * 4);
        return string.Create(length, (digits, payload, payloadLength), static (chars, state) =>
        {
            VersionedValue.Prefix.CopyTo(chars);
            var rest = chars[VersionedValue.Prefix.Length..];
            state.digits.CopyTo(rest);
            rest[state.digits.Length] = ':';
            if (!Convert.TryToBase64Chars(state.payload.AsSpan(0, state.payloadLength), rest[(state.digits.Length + 1)..], out _))
            {
                throw new InvalidOperationException("The base64 length was computed wrongly.");
            }
        });
    }

    /// <summary>Go's AEAD error text, which Vault passes through.</summary>
    private static VaultException AuthenticationFailed(TransitKeyType type) =>
        VaultException.InvalidRequest(type == TransitKeyType.ChaCha20Poly1305
            ? "chacha20poly1305: message authentication failed"
            : "cipher: message authentication failed");
}
