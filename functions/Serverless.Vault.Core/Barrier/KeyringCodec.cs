using System.Security.Cryptography;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// Encrypts the keyring under the root key in the barrier's value format (term 0, AAD = the keyring's path), so the
/// keyring row cannot be swapped with any other row.
/// </summary>
internal static class KeyringCodec
{
    public static byte[] Encrypt(ReadOnlySpan<byte> rootKey, Keyring keyring)
    {
        var json = keyring.Serialize();
        try
        {
            return BarrierValueFormat.Encrypt(BarrierValueFormat.RootKeyTerm, rootKey, BarrierPaths.Keyring, json);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    /// <summary>Decrypts the keyring; a root key that does not fit means the seal unwrapped with the wrong key.</summary>
    public static Keyring Decrypt(ReadOnlySpan<byte> rootKey, byte[] value)
    {
        byte[] json;
        try
        {
            json = BarrierValueFormat.Decrypt(rootKey, BarrierPaths.Keyring, value);
        }
        catch (Exception ex) when (ex is BarrierDecryptionException or ArgumentException or CryptographicException)
        {
            throw new SealUnavailableException("The root key unwrapped by the seal does not decrypt the keyring: the seal is using the wrong key.", innerException: ex);
        }

        try
        {
            return Keyring.Parse(json);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }
}
