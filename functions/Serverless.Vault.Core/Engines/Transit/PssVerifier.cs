using System.Numerics;
using System.Security.Cryptography;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// RSASSA-PSS verification (RFC 8017 §8.1.2, EMSA-PSS-VERIFY §9.1.2) for any salt length, which .NET's RSA cannot
/// do: it only knows hash-length salts, while Go's "auto" signs with the largest salt and verifies with any. Only the
/// public key is used here, so this arithmetic handles no secret.
/// </summary>
internal static class PssVerifier
{
    /// <summary>Verifies; <paramref name="saltLength"/> is a byte count, or <see cref="SigningOptions.SaltLengthAuto"/> for any.</summary>
    public static bool Verify(RSAParameters publicKey, byte[] digest, byte[] signature, HashAlgorithmName hash, int saltLength)
    {
        var modulus = new BigInteger(publicKey.Modulus, isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        if (s >= modulus)
        {
            return false;
        }

        var modBits = (int)modulus.GetBitLength();
        var emBits = modBits - 1;
        var emLength = (emBits + 7) / 8;
        var m = BigInteger.ModPow(s, new BigInteger(publicKey.Exponent, isUnsigned: true, isBigEndian: true), modulus);
        if (m.GetByteCount(isUnsigned: true) > emLength)
        {
            return false;
        }

        var em = new byte[emLength];
        var mBytes = m.ToByteArray(isUnsigned: true, isBigEndian: true);
        mBytes.CopyTo(em, emLength - mBytes.Length);
        return Check(em, emBits, digest, hash, saltLength);
    }

    private static bool Check(byte[] em, int emBits, byte[] digest, HashAlgorithmName hash, int saltLength)
    {
        var hLength = digest.Length;
        var emLength = em.Length;
        if (emLength < hLength + 2 || em[^1] != 0xbc)
        {
            return false;
        }

        var dbLength = emLength - hLength - 1;
        var h = em.AsSpan(dbLength, hLength).ToArray();
        var topMask = (byte)(0xff >> (8 * emLength - emBits));
        if ((em[0] & ~topMask) != 0)
        {
            return false;
        }

        var db = Mgf1(h, dbLength, hash);
        for (var i = 0; i < dbLength; i++)
        {
            db[i] ^= em[i];
        }

        db[0] &= topMask;
        var separator = Array.FindIndex(db, b => b != 0);
        if (separator < 0 || db[separator] != 0x01)
        {
            return false;
        }

        var salt = db.AsSpan(separator + 1);
        if (saltLength != SigningOptions.SaltLengthAuto && salt.Length != saltLength)
        {
            return false;
        }

        using var hasher = IncrementalHash.CreateHash(hash);
        hasher.AppendData(new byte[8]);
        hasher.AppendData(digest);
        hasher.AppendData(salt);
        return CryptographicOperations.FixedTimeEquals(hasher.GetHashAndReset(), h);
    }

    /// <summary>MGF1 with the signature's hash, as Go and .NET both use.</summary>
    private static byte[] Mgf1(byte[] seed, int length, HashAlgorithmName hash)
    {
        var output = new byte[length];
        using var hasher = IncrementalHash.CreateHash(hash);
        var counter = new byte[4];
        for (int offset = 0, i = 0; offset < length; i++)
        {
            counter[0] = (byte)(i >> 24);
            counter[1] = (byte)(i >> 16);
            counter[2] = (byte)(i >> 8);
            counter[3] = (byte)i;
            hasher.AppendData(seed);
            hasher.AppendData(counter);
            var block = hasher.GetHashAndReset();
            var take = Math.Min(block.Length, length - offset);
            block.AsSpan(0, take).CopyTo(output.AsSpan(offset));
            offset += take;
        }

        return output;
    }
}
