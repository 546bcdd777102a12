using System.Globalization;
using System.Security.Cryptography;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// sign/ and verify/'s algorithm fields, validated once per request as Vault does before looking at any item.
/// </summary>
internal sealed record SigningOptions
{
    /// <summary>Go's rsa.PSSSaltLengthAuto: the largest salt when signing, any salt when verifying.</summary>
    public const int SaltLengthAuto = 0;

    /// <summary>Go's rsa.PSSSaltLengthEqualsHash.</summary>
    public const int SaltLengthEqualsHash = -1;

    public static readonly Field<string> HashAlgorithm = Fields.String("hash_algorithm", "sha2-256 (default), sha1, sha2-224, sha2-384, sha2-512, sha3-256, sha3-384, sha3-512, or none (prehashed pkcs1v15 only).");
    public static readonly Field<bool> Prehashed = Fields.Bool("prehashed", "The input is already hashed with hash_algorithm (ECDSA and RSA).");
    public static readonly Field<string> SignatureAlgorithm = Fields.String("signature_algorithm", "RSA only: pss (default) or pkcs1v15.", "pss");
    public static readonly Field<string> MarshalingAlgorithm = Fields.String("marshaling_algorithm", "asn1 (default; ECDSA as DER) or jws (ECDSA as r||s; base64url signature).", "asn1");
    public static readonly Field<string> SaltLength = Fields.String("salt_length", "RSA PSS salt: auto (default), hash, or a number of bytes.", "auto");

    public static readonly Field[] All = [HashAlgorithm, HmacPaths.Algorithm, Prehashed, SignatureAlgorithm, MarshalingAlgorithm, SaltLength];

    public required string Hash { get; init; }

    public bool IsPrehashed { get; init; }

    public required string Padding { get; init; }

    public bool Jws { get; init; }

    public int Salt { get; init; }

    /// <summary>Reads and checks the options; the algorithm in the path wins over the body, as in Vault.</summary>
    public static SigningOptions Read(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hash = context.Input.Has(HmacPaths.UrlAlgorithm) ? context.Get(HmacPaths.UrlAlgorithm)
            : context.Input.Has(HashAlgorithm) ? context.Get(HashAlgorithm)
            : context.Input.Has(HmacPaths.Algorithm) ? context.Get(HmacPaths.Algorithm)
            : "";
        hash = hash.Length == 0 ? TransitHashes.Default : hash;
        if (!KnownHashes.Contains(hash))
        {
            throw VaultException.InvalidRequest($"invalid hash algorithm \"{hash}\"");
        }

        var marshaling = context.Get(MarshalingAlgorithm);
        if (marshaling is not ("asn1" or "jws"))
        {
            throw VaultException.InvalidRequest($"invalid marshaling type \"{marshaling}\"");
        }

        return new SigningOptions
        {
            Hash = hash,
            IsPrehashed = context.Get(Prehashed),
            Padding = context.Get(SignatureAlgorithm),
            Jws = marshaling == "jws",
            Salt = ParseSalt(context.Get(SaltLength)),
        };
    }

    /// <summary>Vault's check after the key is known: hash_algorithm none needs prehashed pkcs1v15 input.</summary>
    public void EnsureConsistent()
    {
        if (Hash == "none" && (!IsPrehashed || Padding != "pkcs1v15"))
        {
            throw VaultException.InvalidRequest("hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15");
        }
    }

    /// <summary>The bytes ECDSA and RSA sign: the input's hash unless prehashed (or hash none).</summary>
    public byte[] Digest(byte[] input) => IsPrehashed || Hash == "none" ? input : Hash switch
    {
        "sha1" => SHA1.HashData(input),
        _ => TransitHashes.Hash(Hash, input),
    };

    /// <summary>.NET's name for the hash, for RSA's DigestInfo and PSS; SHA-224 has none there.</summary>
    public HashAlgorithmName HashName() => Hash switch
    {
        "sha1" => HashAlgorithmName.SHA1,
        "sha2-256" => HashAlgorithmName.SHA256,
        "sha2-384" => HashAlgorithmName.SHA384,
        "sha2-512" => HashAlgorithmName.SHA512,
        "sha3-256" => HashAlgorithmName.SHA3_256,
        "sha3-384" => HashAlgorithmName.SHA3_384,
        "sha3-512" => HashAlgorithmName.SHA3_512,
        _ => throw VaultException.InvalidRequest($"hash algorithm {Hash} is not supported with RSA keys by this server"),
    };

    /// <summary>Signatures travel in base64, or with jws in unpadded base64url (JOSE's encoding).</summary>
    public string Encode(byte[] signature) =>
        Jws ? Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_') : Convert.ToBase64String(signature);

    public byte[] Decode(string text)
    {
        if (Jws)
        {
            if (text.Length % 4 == 1 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                throw VaultException.InvalidRequest("invalid base64 signature value");
            }

            text = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        }

        return Base64Input.TryDecode(text, out var bytes) ? bytes : throw VaultException.InvalidRequest("invalid base64 signature value");
    }

    private static readonly HashSet<string> KnownHashes = new(StringComparer.Ordinal)
    {
        "none", "sha1", "sha2-224", "sha2-256", "sha2-384", "sha2-512", "sha3-224", "sha3-256", "sha3-384", "sha3-512",
    };

    private static int ParseSalt(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "auto":
                return SaltLengthAuto;
            case "hash":
                return SaltLengthEqualsHash;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var salt))
        {
            throw VaultException.InvalidRequest($"salt length neither 'auto', 'hash', nor an int: {text}");
        }

        return salt < SaltLengthEqualsHash ? throw VaultException.InvalidRequest($"salt length is invalid: {salt}") : salt;
    }
}
