using System.Security.Cryptography;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// The key material an unsealed barrier holds: the root key, the keyring and the keyring's ETag. Every use of key bytes
/// runs synchronously under the read lock, and <see cref="Clear"/> zeroes them under the write lock, so sealing never
/// races an in-flight operation into encrypting under a half-zeroed key (which would lose that value, or the keyring).
/// </summary>
internal sealed class BarrierKeys : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private byte[]? _rootKey;
    private Keyring? _keyring;
    private string? _keyringETag;
    private DateTimeOffset _loadedAt;

    /// <summary>The keyring, or null while sealed.</summary>
    public Keyring? Keyring => Volatile.Read(ref _keyring);

    public DateTimeOffset LoadedAt => Read(() => _loadedAt);

    /// <summary>The keyring and the ETag it was read or written with; throws while sealed.</summary>
    public (Keyring Keyring, string ETag) Current() => Read(() => (_keyring ?? throw new SealedException(), _keyringETag!));

    public void Install(byte[] rootKey, Keyring keyring, string etag, DateTimeOffset now) =>
        Write(() => (_rootKey, _keyring, _keyringETag, _loadedAt) = (rootKey, keyring, etag, now));

    /// <summary>Replaces the keyring after a rotation or reload; ignored if the barrier was sealed meanwhile.</summary>
    public void Replace(Keyring keyring, string etag, DateTimeOffset now) => Write(() =>
    {
        if (_keyring is not null)
        {
            (_keyring, _keyringETag, _loadedAt) = (keyring, etag, now);
        }
    });

    /// <summary>Zeroes and forgets every key.</summary>
    public void Clear() => Write(() =>
    {
        _keyring?.ZeroKeys();
        if (_rootKey is not null)
        {
            CryptographicOperations.ZeroMemory(_rootKey);
        }

        (_keyring, _rootKey, _keyringETag) = (null, null, null);
    });

    public T WithRootKey<T>(Func<byte[], T> operation) => Read(() => operation(_rootKey ?? throw new SealedException()));

    public byte[] Encrypt(string path, ReadOnlySpan<byte> plaintext)
    {
        _lock.EnterReadLock();
        try
        {
            var active = (_keyring ?? throw new SealedException()).Active;
            return BarrierValueFormat.Encrypt(active.Term, active.Key, path, plaintext);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Decrypts with the value's term, or returns null when this keyring does not have that term.</summary>
    public byte[]? TryDecrypt(int term, string path, byte[] value) => Read(() =>
        (_keyring ?? throw new SealedException()).TryGet(term, out var keyringTerm)
            ? BarrierValueFormat.Decrypt(keyringTerm.Key, path, value)
            : null);

    public void Dispose()
    {
        Clear();
        _lock.Dispose();
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Write(Action write)
    {
        _lock.EnterWriteLock();
        try
        {
            write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
