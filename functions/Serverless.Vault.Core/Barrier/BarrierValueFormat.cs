using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// The byte layout of every barrier-encrypted value: term (4 bytes, big-endian) | version (1) | nonce (12) | ciphertext |
/// tag (16), with the full physical storage key as GCM associated data so a ciphertext copied to another row fails.
/// The term travels in clear so that old values stay readable after a rotation (the same layout as Vault's barrier).
/// </summary>
internal static class BarrierValueFormat
{
    public const int TermSize = 4;
    public const int VersionSize = 1;
    public const int NonceSize = 12; // AES-GCM's standard nonce; random nonces are safe far beyond our write volume per term.
    public const int TagSize = 16;
    public const int KeySize = 32; // AES-256.
    public const int HeaderSize = TermSize + VersionSize + NonceSize;
    public const int Overhead = HeaderSize + TagSize;

    /// <summary>The only layout version so far; a new one gets a new byte so old values stay readable.</summary>
    public const byte Version1 = 1;

    /// <summary>The term recorded on the keyring itself, which is encrypted under the root key rather than a data key.</summary>
    public const int RootKeyTerm = 0;

    public static byte[] Encrypt(int term, ReadOnlySpan<byte> key, string path, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return Encrypt(term, key, nonce, path, plaintext);
    }

    /// <summary>Encrypts with a caller-chosen nonce: only the known-answer tests pass one in.</summary>
    public static byte[] Encrypt(int term, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, string path, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[Overhead + plaintext.Length];
        BinaryPrimitives.WriteInt32BigEndian(output, term);
        output[TermSize] = Version1;
        nonce.CopyTo(output.AsSpan(TermSize + VersionSize, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            output.AsSpan(HeaderSize, plaintext.Length),
            output.AsSpan(HeaderSize + plaintext.Length, TagSize),
            Encoding.UTF8.GetBytes(path));
        return output;
    }

    /// <summary>Reads the term of a stored value; throws when the value is too short to be one.</summary>
    public static int ReadTerm(string path, ReadOnlySpan<byte> value)
    {
        if (value.Length < Overhead)
        {
            throw new BarrierDecryptionException(path, $"it is {value.Length} bytes, shorter than the {Overhead}-byte envelope (truncated?).");
        }

        return BinaryPrimitives.ReadInt32BigEndian(value);
    }

    public static byte[] Decrypt(ReadOnlySpan<byte> key, string path, ReadOnlySpan<byte> value)
    {
        ReadTerm(path, value);
        if (value[TermSize] != Version1)
        {
            throw new BarrierDecryptionException(path, $"unknown format version {value[TermSize]}.");
        }

        var ciphertextLength = value.Length - Overhead;
        var plaintext = new byte[ciphertextLength];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                value.Slice(TermSize + VersionSize, NonceSize),
                value.Slice(HeaderSize, ciphertextLength),
                value.Slice(HeaderSize + ciphertextLength, TagSize),
                plaintext,
                Encoding.UTF8.GetBytes(path));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new BarrierDecryptionException(path, "the authentication tag does not match (tampered, or copied from another key).", ex);
        }
    }

    /// <summary>The largest plaintext whose envelope still fits <see cref="StorageLimits.MaxValueBytes"/>.</summary>
    public const int MaxPlaintextBytes = StorageLimits.MaxValueBytes - Overhead;
}
