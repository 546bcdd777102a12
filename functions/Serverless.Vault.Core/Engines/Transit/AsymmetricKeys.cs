using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Key material of the asymmetric types. A version stores its private key behind the barrier: PKCS#8 for ECDSA and
/// RSA, the raw 32-byte seed for ed25519 (the HKDF input for derived ed25519 keys, as Vault stores it). Ed25519 comes
/// from BouncyCastle because .NET has none; everything else from System.Security.Cryptography.
/// </summary>
internal static class AsymmetricKeys
{
    public const int Ed25519SeedSize = 32;

    /// <summary>A new version with a fresh key pair; the temporary private key bytes are zeroed once encoded.</summary>
    public static KeyVersionRecord Generate(TransitKeyType type, DateTimeOffset now)
    {
        var hmac = RandomNumberGenerator.GetBytes(32);
        var privateKey = type switch
        {
            TransitKeyType.Ed25519 => RandomNumberGenerator.GetBytes(Ed25519SeedSize),
            _ when TransitKeyTypes.IsEcdsa(type) => ExportEcdsa(type),
            _ => ExportRsa(type),
        };
        try
        {
            return new KeyVersionRecord
            {
                Key = Convert.ToBase64String(privateKey),
                HmacKey = Convert.ToBase64String(hmac),
                CreationTime = now,
                PublicKey = PublicKey(type, privateKey),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            CryptographicOperations.ZeroMemory(hmac);
        }
    }

    /// <summary>The public key as Vault shows it: SubjectPublicKeyInfo PEM, or base64 of ed25519's 32 raw bytes.</summary>
    public static string PublicKey(TransitKeyType type, byte[] privateKey)
    {
        if (type == TransitKeyType.Ed25519)
        {
            return Convert.ToBase64String(Ed25519PublicKey(privateKey));
        }

        if (TransitKeyTypes.IsEcdsa(type))
        {
            using var ecdsa = Ecdsa(privateKey);
            return ecdsa.ExportSubjectPublicKeyInfoPem();
        }

        using var rsa = Rsa(privateKey);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The name a key read shows per version (Vault's curve or key names).</summary>
    public static string DisplayName(TransitKeyType type) => type switch
    {
        TransitKeyType.Ed25519 => "ed25519",
        TransitKeyType.EcdsaP256 => "P-256",
        TransitKeyType.EcdsaP384 => "P-384",
        TransitKeyType.EcdsaP521 => "P-521",
        _ => TransitKeyTypes.Name(type),
    };

    public static byte[] Ed25519PublicKey(byte[] seed)
    {
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(seed, 0, publicKey, 0);
        return publicKey;
    }

    /// <summary>A derived ed25519 key's seed: HKDF-SHA256(stored seed, no salt, info: context), as Vault's GetKey.</summary>
    public static byte[] DerivedEd25519Seed(byte[] stored, byte[] context) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, stored, Ed25519SeedSize, [], context);

    /// <summary>The public key a derived ed25519 version has under one context, base64 as the key read shows it.</summary>
    public static string DerivedEd25519PublicKey(byte[] stored, byte[] context)
    {
        var seed = DerivedEd25519Seed(stored, context);
        try
        {
            return Convert.ToBase64String(Ed25519PublicKey(seed));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static ECDsa Ecdsa(byte[] pkcs8)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return ecdsa;
    }

    public static RSA Rsa(byte[] pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa;
    }

    public static ECCurve Curve(TransitKeyType type) => type switch
    {
        TransitKeyType.EcdsaP256 => ECCurve.NamedCurves.nistP256,
        TransitKeyType.EcdsaP384 => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    private static byte[] ExportEcdsa(TransitKeyType type)
    {
        using var ecdsa = ECDsa.Create(Curve(type));
        return ecdsa.ExportPkcs8PrivateKey();
    }

    private static byte[] ExportRsa(TransitKeyType type)
    {
        var bits = type switch
        {
            TransitKeyType.Rsa2048 => 2048,
            TransitKeyType.Rsa3072 => 3072,
            _ => 4096,
        };
        using var rsa = RSA.Create(bits);
        return rsa.ExportPkcs8PrivateKey();
    }
}
