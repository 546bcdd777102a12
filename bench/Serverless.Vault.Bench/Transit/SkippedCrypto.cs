using Serverless.Vault.Core.Engines.Transit;

namespace Serverless.Vault.Bench.Transit;

/// <summary>
/// Row 1's baseline: transit's ciphers replaced by a copy, so that the encrypt endpoint runs with the cryptography
/// skipped and everything else (HTTP, pipeline, key cache, nonce, base64, JSON) as it is. Only the bench's second host
/// uses it; the "ciphertext" it makes is the plaintext with a zero tag.
/// </summary>
internal sealed class SkippedCrypto : ITransitAeadFactory
{
    public ITransitAead Create(string keyType, ReadOnlySpan<byte> key) => new Copy();

    private sealed class Copy : ITransitAead
    {
        public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
        {
            plaintext.CopyTo(ciphertext);
            tag.Clear();
        }

        public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData) =>
            ciphertext.CopyTo(plaintext);

        public void Dispose()
        {
        }
    }
}
