using System.Globalization;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Turns an unwrapped import into a key version, in the forms Vault accepts: raw bytes for the symmetric and hmac types,
/// PKCS#8 DER for ECDSA, RSA and Ed25519. Each key is checked against the named type so a wrong key is a 400, not a
/// version that fails later.
/// </summary>
internal static class ImportedKeyMaterial
{
    /// <summary>A version holding <paramref name="key"/>; the caller still owns (and zeroes) <paramref name="key"/>.</summary>
    public static KeyVersionRecord ToVersion(TransitKeyType type, byte[] key, DateTimeOffset now)
    {
        if (TransitKeyTypes.IsAsymmetric(type))
        {
            return Asymmetric(type, key, now);
        }

        var valid = type == TransitKeyType.Hmac
            ? key.Length is >= TransitKeyTypes.HmacMinKeySize and <= TransitKeyTypes.HmacMaxKeySize
            : key.Length == TransitKeyTypes.KeyLength(type, 0);
        if (!valid)
        {
            throw VaultException.InvalidRequest(string.Create(CultureInfo.InvariantCulture, $"invalid key size {key.Length} bytes for key type {TransitKeyTypes.Name(type)}"));
        }

        // As for generated keys: an hmac key is its own HMAC key, the AEAD types get 32 random bytes of their own.
        var hmac = type == TransitKeyType.Hmac ? key : RandomNumberGenerator.GetBytes(32);
        try
        {
            return new KeyVersionRecord { Key = Convert.ToBase64String(key), HmacKey = Convert.ToBase64String(hmac), CreationTime = now };
        }
        finally
        {
            if (!ReferenceEquals(hmac, key))
            {
                CryptographicOperations.ZeroMemory(hmac);
            }
        }
    }

    private static KeyVersionRecord Asymmetric(TransitKeyType type, byte[] pkcs8, DateTimeOffset now)
    {
        var stored = type switch
        {
            TransitKeyType.Ed25519 => Ed25519Seed(pkcs8),
            _ when TransitKeyTypes.IsEcdsa(type) => Ecdsa(type, pkcs8),
            _ => Rsa(type, pkcs8),
        };
        var hmac = RandomNumberGenerator.GetBytes(32);
        try
        {
            return new KeyVersionRecord
            {
                Key = Convert.ToBase64String(stored),
                HmacKey = Convert.ToBase64String(hmac),
                CreationTime = now,
                PublicKey = AsymmetricKeys.PublicKey(type, stored),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stored);
            CryptographicOperations.ZeroMemory(hmac);
        }
    }

    /// <summary>Re-exported so the stored form is exactly what generated keys store, whatever optional parts the input had.</summary>
    private static byte[] Ecdsa(TransitKeyType type, byte[] pkcs8)
    {
        using var ecdsa = ECDsa.Create();
        Parse(type, () => ecdsa.ImportPkcs8PrivateKey(pkcs8, out _));
        var expected = AsymmetricKeys.Curve(type).Oid.Value;
        var actual = ecdsa.ExportParameters(false).Curve.Oid.Value;
        return actual == expected
            ? ecdsa.ExportPkcs8PrivateKey()
            : throw VaultException.InvalidRequest($"the imported key is not on the curve of key type {TransitKeyTypes.Name(type)}");
    }

    private static byte[] Rsa(TransitKeyType type, byte[] pkcs8)
    {
        using var rsa = RSA.Create();
        Parse(type, () => rsa.ImportPkcs8PrivateKey(pkcs8, out _));
        var expected = type switch
        {
            TransitKeyType.Rsa2048 => 2048,
            TransitKeyType.Rsa3072 => 3072,
            _ => 4096,
        };
        return rsa.KeySize == expected
            ? rsa.ExportPkcs8PrivateKey()
            : throw VaultException.InvalidRequest(string.Create(CultureInfo.InvariantCulture, $"the imported RSA key has {rsa.KeySize} bits; key type {TransitKeyTypes.Name(type)} needs {expected}"));
    }

    /// <summary>.NET has no Ed25519, so BouncyCastle reads the PKCS#8; the version stores the 32-byte seed like generated keys.</summary>
    private static byte[] Ed25519Seed(byte[] pkcs8)
    {
        object? parsed = null;
        Parse(TransitKeyType.Ed25519, () => parsed = PrivateKeyFactory.CreateKey(pkcs8));
        return parsed is Ed25519PrivateKeyParameters ed25519
            ? ed25519.GetEncoded()
            : throw VaultException.InvalidRequest("the imported key is not an ed25519 private key");
    }

    private static void Parse(TransitKeyType type, Action parse)
    {
        try
        {
            parse();
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException or InvalidOperationException or InvalidCastException
            or IOException or SecurityUtilityException)
        {
            // .NET's importers throw CryptographicException; BouncyCastle's ASN.1 and key factory throw the others.
            throw VaultException.InvalidRequest($"failed to parse the imported key: key type {TransitKeyTypes.Name(type)} takes a PKCS#8 DER private key");
        }
    }
}
