using System.Security.Cryptography;

namespace Serverless.Vault.Bench.Transit;

/// <summary>The cryptographic floor: AES-256-GCM over the same 1 KiB with a fresh random 12-byte nonce and a 16-byte tag.</summary>
internal sealed class RawAesGcm : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>As the engine's buffered generator: 4 KiB of system randomness cut into nonces.</summary>
    private const int NonceBufferBytes = 4096;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly AesGcm _reused;
    private readonly byte[] _plaintext;
    private readonly byte[] _nonce = new byte[NonceSize];
    private readonly byte[] _ciphertext;
    private readonly byte[] _tag = new byte[TagSize];
    private readonly byte[] _nonces = new byte[NonceBufferBytes];
    private int _nonceOffset = NonceBufferBytes;

    public RawAesGcm(byte[] plaintext)
    {
        _plaintext = plaintext;
        _ciphertext = new byte[plaintext.Length];
        _reused = new AesGcm(_key, TagSize);
    }

    /// <summary>One AesGcm kept for the whole run: the cheapest honest encryption. Single-threaded use only.</summary>
    public ValueTask EncryptReusedAsync(CancellationToken cancellationToken)
    {
        RandomNumberGenerator.Fill(_nonce);
        _reused.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The seal alone, its nonce cut from a buffer of system randomness as the engine cuts its nonces (one system call
    /// per 341 nonces instead of one each): the least any encryption can cost here.
    /// </summary>
    public ValueTask EncryptReusedBufferedNonceAsync(CancellationToken cancellationToken)
    {
        if (_nonceOffset + NonceSize > _nonces.Length)
        {
            RandomNumberGenerator.Fill(_nonces);
            _nonceOffset = 0;
        }

        _reused.Encrypt(_nonces.AsSpan(_nonceOffset, NonceSize), _plaintext, _ciphertext, _tag);
        _nonceOffset += NonceSize;
        return ValueTask.CompletedTask;
    }

    /// <summary>A new AesGcm per call, as the engine's cipher step does today (key schedule and native context each time).</summary>
    public ValueTask EncryptNewInstanceAsync(CancellationToken cancellationToken)
    {
        using var gcm = new AesGcm(_key, TagSize);
        RandomNumberGenerator.Fill(_nonce);
        gcm.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _reused.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
