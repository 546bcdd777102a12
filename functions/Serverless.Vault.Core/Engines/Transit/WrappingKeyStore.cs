using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// The mount's import wrapping key: made once, on first use, with a NotExists write, so two instances racing to make
/// it agree on the one that landed first. Unwraps Vault's BYOK format: RSA-OAEP(ephemeral AES-256 key) || AES-KWP(key).
/// </summary>
internal sealed class WrappingKeyStore(TimeProvider time)
{
    /// <summary>The RSA-OAEP part of an import ciphertext: one RSA-4096 block.</summary>
    public const int WrappedAesKeyBytes = WrappingKeyRecord.KeyBits / 8;

    private const int EphemeralKeyBytes = 32;

    public async Task<WrappingKeyRecord> GetOrCreateAsync(IStorage storage, CancellationToken cancellationToken)
    {
        var bytes = await StorageOnce.GetOrCreateAsync(
            storage, TransitStorageKeys.WrappingKey, () => StoredJson.Serialize(WrappingKeyRecord.Generate(time.GetUtcNow())), cancellationToken)
            .ConfigureAwait(false);
        try
        {
            return StoredJson.Deserialize<WrappingKeyRecord>(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The target key inside an import ciphertext; the caller zeroes it.</summary>
    public async Task<byte[]> UnwrapAsync(IStorage storage, byte[] ciphertext, HashAlgorithmName oaepHash, CancellationToken cancellationToken)
    {
        if (ciphertext.Length <= WrappedAesKeyBytes)
        {
            throw VaultException.InvalidRequest("provided ciphertext is too short");
        }

        var record = await GetOrCreateAsync(storage, cancellationToken).ConfigureAwait(false);
        var pkcs8 = Convert.FromBase64String(record.PrivateKey);
        byte[]? ephemeral = null;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            ephemeral = rsa.Decrypt(ciphertext.AsSpan(0, WrappedAesKeyBytes), RSAEncryptionPadding.CreateOaep(oaepHash));
            if (ephemeral.Length != EphemeralKeyBytes)
            {
                throw new CryptographicException("The ephemeral key is not 256 bits.");
            }

            var kwp = new AesWrapPadEngine();
            kwp.Init(false, new KeyParameter(ephemeral));
            return kwp.Unwrap(ciphertext, WrappedAesKeyBytes, ciphertext.Length - WrappedAesKeyBytes);
        }
        catch (Exception error) when (error is CryptographicException or InvalidCipherTextException)
        {
            // One message for every unwrap failure: telling an OAEP failure from a key-wrap one would be the oracle a
            // Manger-style attack on the wrapping key needs.
            throw VaultException.InvalidRequest(
                "failed to unwrap the key: ciphertext must be RSA-OAEP (with hash_function) of a 256-bit AES key under this mount's wrapping_key, followed by AES-KWP (RFC 5649) of the key under that AES key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
            if (ephemeral is not null)
            {
                CryptographicOperations.ZeroMemory(ephemeral);
            }
        }
    }
}
