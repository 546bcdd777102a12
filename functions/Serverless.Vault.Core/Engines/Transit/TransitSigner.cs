using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using Serverless.Vault.Core.Framework;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Vault's SignWithOptions and VerifySignatureWithOptions: "vault:v&lt;N&gt;:" + the encoded signature. Ed25519 signs
/// the raw input; ECDSA and RSA sign its hash (or the caller's, when prehashed).
/// </summary>
internal static class TransitSigner
{
    /// <summary>Deliberately one message for every structurally impossible signature (bad DER, wrong length).</summary>
    private const string Malformed = "supplied signature is invalid";

    public sealed record Signed(string Signature, long Version, string DerivedPublicKey);

    /// <summary>Vault's version rule for signing: 0 is the latest, never newer, never below min_encryption_version.</summary>
    public static long SigningVersion(KeyPolicyRecord settings, long requested) => requested switch
    {
        0 => settings.LatestVersion,
        < 0 => throw VaultException.InvalidRequest("requested version for signing is negative"),
        _ when requested > settings.LatestVersion => throw VaultException.InvalidRequest("requested version for signing is higher than the latest key version"),
        _ when settings.MinEncryptionVersion > 0 && requested < settings.MinEncryptionVersion =>
            throw VaultException.InvalidRequest("requested version for signing is less than the minimum encryption key version"),
        _ => requested,
    };

    public static Signed Sign(KeyPolicy policy, long requestedVersion, byte[] context, byte[] input, SigningOptions options)
    {
        var version = SigningVersion(policy.Settings, requestedVersion);
        var key = policy.Version(version).Key;
        var type = policy.KeyType;
        if (type == TransitKeyType.Ed25519)
        {
            var seed = Ed25519Seed(policy, key, context);
            try
            {
                var signature = new byte[Ed25519.SignatureSize];
                Ed25519.Sign(seed, 0, input, 0, input.Length, signature, 0);
                var derivedPublicKey = policy.Settings.Derived ? Convert.ToBase64String(AsymmetricKeys.Ed25519PublicKey(seed)) : "";
                return new Signed(Format(version, options.Encode(signature)), version, derivedPublicKey);
            }
            finally
            {
                ZeroIfDerived(policy, seed);
            }
        }

        var digest = options.Digest(input);
        byte[] raw;
        if (TransitKeyTypes.IsEcdsa(type))
        {
            using var ecdsa = AsymmetricKeys.Ecdsa(key);
            raw = ecdsa.SignHash(digest, options.Jws ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }
        else
        {
            using var rsa = AsymmetricKeys.Rsa(key);
            raw = Guard(() => rsa.SignHash(digest, options.HashName(), RsaPadding(options, digest.Length)));
        }

        return new Signed(Format(version, options.Encode(raw)), version, "");
    }

    /// <summary>True or false for a well-formed signature; 400 for one that cannot be a signature of this key at all.</summary>
    public static bool Verify(KeyPolicy policy, byte[] context, byte[] input, string signature, SigningOptions options)
    {
        var value = VersionedValue.Parse(signature, "signature");
        if (value.Version > policy.Settings.LatestVersion)
        {
            throw VaultException.InvalidRequest("invalid signature: version is too new");
        }

        if (policy.Settings.MinDecryptionVersion > 0 && value.Version < policy.Settings.MinDecryptionVersion)
        {
            throw VaultException.InvalidRequest("ciphertext or signature version is disallowed by policy (too old)");
        }

        var bytes = options.Decode(value.Payload);
        var key = policy.Version(value.Version).Key;
        var type = policy.KeyType;
        if (type == TransitKeyType.Ed25519)
        {
            if (bytes.Length != Ed25519.SignatureSize)
            {
                throw VaultException.InvalidRequest(Malformed);
            }

            var seed = Ed25519Seed(policy, key, context);
            try
            {
                return Ed25519.Verify(bytes, 0, AsymmetricKeys.Ed25519PublicKey(seed), 0, input, 0, input.Length);
            }
            finally
            {
                ZeroIfDerived(policy, seed);
            }
        }

        var digest = options.Digest(input);
        if (TransitKeyTypes.IsEcdsa(type))
        {
            using var ecdsa = AsymmetricKeys.Ecdsa(key);
            var fieldBytes = (ecdsa.KeySize + 7) / 8;
            if (options.Jws ? bytes.Length != 2 * fieldBytes : !IsDerSignature(bytes))
            {
                throw VaultException.InvalidRequest(Malformed);
            }

            return ecdsa.VerifyHash(digest, bytes, options.Jws ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = AsymmetricKeys.Rsa(key);
        if (bytes.Length != rsa.KeySize / 8)
        {
            throw VaultException.InvalidRequest(Malformed);
        }

        if (options.Padding == "pss" && options.Salt != SigningOptions.SaltLengthEqualsHash && options.Salt != digest.Length)
        {
            // "auto" (any salt, so Vault's own largest-salt signatures verify) or another explicit length.
            return PssVerifier.Verify(rsa.ExportParameters(false), digest, bytes, options.HashName(), options.Salt);
        }

        var padding = RsaPadding(options, digest.Length);
        return Guard(() => rsa.VerifyHash(digest, bytes, options.HashName(), padding));
    }

    private static string Format(long version, string encoded) =>
        VersionedValue.Prefix + version.ToString(CultureInfo.InvariantCulture) + ":" + encoded;

    /// <summary>Derived ed25519 keys: HKDF-SHA256(stored seed, info: context) as this request's seed, as Vault's GetKey.</summary>
    private static byte[] Ed25519Seed(KeyPolicy policy, byte[] stored, byte[] context)
    {
        if (!policy.Settings.Derived)
        {
            return stored;
        }

        return context.Length == 0
            ? throw VaultException.InvalidRequest(TransitCipher.MissingContext)
            : AsymmetricKeys.DerivedEd25519Seed(stored, context);
    }

    private static void ZeroIfDerived(KeyPolicy policy, byte[] seed)
    {
        if (policy.Settings.Derived)
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// .NET's PSS signs only with a salt as long as the hash: Go's "hash", and a valid "auto" signature too (Go verifies
    /// auto with any salt length). Other explicit lengths are refused for signing rather than silently changed;
    /// verification handles them in <see cref="PssVerifier"/>.
    /// </summary>
    private static RSASignaturePadding RsaPadding(SigningOptions options, int hashLength) => options.Padding switch
    {
        "pkcs1v15" => RSASignaturePadding.Pkcs1,
        "pss" when options.Salt is SigningOptions.SaltLengthAuto or SigningOptions.SaltLengthEqualsHash || options.Salt == hashLength => RSASignaturePadding.Pss,
        "pss" => throw VaultException.InvalidRequest($"salt length {options.Salt} is not supported by this server for signing; use 'hash' or 'auto'"),
        _ => throw VaultException.InvalidRequest($"unsupported rsa signature algorithm {options.Padding}"),
    };

    /// <summary>A prehashed input of the wrong length for its hash is the caller's mistake, not a server error.</summary>
    private static T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (CryptographicException)
        {
            throw VaultException.InvalidRequest("input must be a hash of the length hash_algorithm produces");
        }
    }

    /// <summary>SEQUENCE { INTEGER r, INTEGER s } in DER and nothing after it.</summary>
    private static bool IsDerSignature(byte[] bytes)
    {
        try
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            _ = sequence.ReadIntegerBytes();
            _ = sequence.ReadIntegerBytes();
            return !sequence.HasData && !reader.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
