using System.Security.Cryptography;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// The keyed AEAD objects one request reuses across its batch items, one per key version: setting up an AesGcm costs
/// about as much as sealing 1 KiB with it. Not thread-safe, like AesGcm itself: a request's items run one after
/// another. Only stored (non-derived) keys come here; a derived key differs per context. Disposing frees the copies
/// of the key that the instances hold, so the owner disposes this before letting go of its lease.
/// </summary>
internal sealed class AeadInstances : IDisposable
{
    private readonly Dictionary<long, IDisposable> _byVersion = [];

    /// <summary>The instance for <paramref name="version"/>, keyed with <paramref name="key"/> on first use.</summary>
    public IDisposable Get(long version, TransitKeyType type, ReadOnlySpan<byte> key)
    {
        if (!_byVersion.TryGetValue(version, out var aead))
        {
            aead = Create(type, key);
            _byVersion[version] = aead;
        }

        return aead;
    }

    /// <summary>A new instance for the key type: ChaCha20-Poly1305 or AES-GCM with Vault's 16-byte tag.</summary>
    public static IDisposable Create(TransitKeyType type, ReadOnlySpan<byte> key) =>
        type == TransitKeyType.ChaCha20Poly1305 ? new ChaCha20Poly1305(key) : new AesGcm(key, TransitCipher.TagSize);

    public void Dispose()
    {
        foreach (var aead in _byVersion.Values)
        {
            aead.Dispose();
        }

        _byVersion.Clear();
    }
}
