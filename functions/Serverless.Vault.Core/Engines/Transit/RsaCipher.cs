using System.Security.Cryptography;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>Vault's RSA encryption: "vault:v&lt;N&gt;:" + base64 of RSA-OAEP with SHA-256 (MGF1 SHA-256, no label).</summary>
internal static class RsaCipher
{
    public static string Encrypt(KeyPolicy policy, long version, ReadOnlySpan<byte> plaintext)
    {
        using var rsa = AsymmetricKeys.Rsa(policy.Version(version).Key);
        try
        {
            return VersionedValue.Format(version, rsa.Encrypt(plaintext, RSAEncryptionPadding.OaepSHA256));
        }
        catch (CryptographicException)
        {
            // OAEP fits at most the modulus size minus 66 bytes; Go calls that "message too long".
            throw VaultException.InvalidRequest("failed to RSA encrypt the plaintext: crypto/rsa: message too long for RSA key size");
        }
    }

    /// <summary>Any failure reads the same, so the answer says nothing about where the padding broke.</summary>
    public static byte[] Decrypt(KeyPolicy policy, long version, byte[] ciphertext)
    {
        using var rsa = AsymmetricKeys.Rsa(policy.Version(version).Key);
        try
        {
            return rsa.Decrypt(ciphertext, RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException)
        {
            throw VaultException.InvalidRequest("failed to RSA decrypt the ciphertext: crypto/rsa: decryption error");
        }
    }
}
