using System.Security.Cryptography;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>A keyed authenticated cipher as transit seals with it: a 12-byte nonce and a 16-byte tag.</summary>
public interface ITransitAead : IDisposable
{
    void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>Throws <see cref="CryptographicException"/> when the tag does not match.</summary>
    void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);
}

/// <summary>
/// Makes transit's keyed ciphers. The vault registers <see cref="SystemTransitAeads"/>; the benchmark replaces it to
/// measure the encrypt endpoint with the cryptography skipped, as the transit issue defines its baseline.
/// </summary>
public interface ITransitAeadFactory
{
    /// <param name="keyType">Vault's key type name: aes128-gcm96, aes256-gcm96 or chacha20-poly1305.</param>
    /// <param name="key">The key; the cipher keeps its own copy.</param>
    ITransitAead Create(string keyType, ReadOnlySpan<byte> key);
}

/// <summary>The system's AES-GCM (with Vault's 16-byte tag) and ChaCha20-Poly1305, through OpenSSL on Linux.</summary>
public sealed class SystemTransitAeads : ITransitAeadFactory
{
    public static SystemTransitAeads Instance { get; } = new();

    public ITransitAead Create(string keyType, ReadOnlySpan<byte> key) =>
        keyType == "chacha20-poly1305" ? new SystemAead(null, new ChaCha20Poly1305(key)) : new SystemAead(new AesGcm(key, TransitCipher.TagSize), null);

    /// <summary>One of the two ciphers (they share no interface in .NET).</summary>
    private sealed class SystemAead(AesGcm? gcm, ChaCha20Poly1305? chacha) : ITransitAead
    {
        public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
        {
            if (chacha is not null)
            {
                chacha.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            }
            else
            {
                gcm!.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            }
        }

        public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
        {
            if (chacha is not null)
            {
                chacha.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }
            else
            {
                gcm!.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }
        }

        public void Dispose()
        {
            gcm?.Dispose();
            chacha?.Dispose();
        }
    }
}
