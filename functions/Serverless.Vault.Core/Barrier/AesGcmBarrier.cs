using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// The AES-256-GCM barrier: a keyring of data keys (one per term) encrypted under a root key that the seal wraps.
/// Safe to share across requests; many instances may run over the same physical storage.
/// </summary>
public sealed class AesGcmBarrier : IBarrier, IDisposable
{
    /// <summary>The largest value that can be stored through <see cref="Storage"/> once the envelope is added.</summary>
    public const int MaxPlaintextBytes = BarrierValueFormat.MaxPlaintextBytes;

    private readonly IStorage _physical;
    private readonly ISeal _seal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Crypto operations hold the read lock only while they touch key bytes (synchronously), so Seal can zero the keys
    // without an in-flight write encrypting under a half-zeroed key. Unseal, reload and rotate are serialised by _gate.
    private readonly ReaderWriterLockSlim _keyLock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _rootKey;
    private Keyring? _keyring;
    private string? _keyringETag;
    private DateTimeOffset _keyringLoadedAt;
    private long _encryptions;

    public AesGcmBarrier(IStorage physical, ISeal seal, TimeProvider? timeProvider = null, ILogger<AesGcmBarrier>? logger = null)
    {
        _physical = physical ?? throw new ArgumentNullException(nameof(physical));
        _seal = seal ?? throw new ArgumentNullException(nameof(seal));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AesGcmBarrier>.Instance;
        Storage = new BarrierStorage(this, physical);
    }

    /// <summary>
    /// How long a keyring is trusted before a write re-reads it, so that after another instance rotates, this instance
    /// moves to the new term within this budget even if it never meets a value written under it.
    /// </summary>
    public TimeSpan KeyringMaxAge { get; init; } = TimeSpan.FromMinutes(1);

    public bool IsSealed => Volatile.Read(ref _keyring) is null;

    public IStorage Storage { get; }

    internal IStorage Physical => _physical;

    /// <summary>The keyring in memory, null while sealed (tests check zeroing through it).</summary>
    internal Keyring? CurrentKeyring => Volatile.Read(ref _keyring);

    public async Task<bool> IsInitializedAsync(CancellationToken cancellationToken) =>
        await _physical.GetAsync(BarrierPaths.RootKey, cancellationToken).ConfigureAwait(false) is not null
        && await _physical.GetAsync(BarrierPaths.Keyring, cancellationToken).ConfigureAwait(false) is not null;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _physical.GetAsync(BarrierPaths.RootKey, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new InvalidOperationException("The vault is already initialised.");
            }

            var rootKey = RandomNumberGenerator.GetBytes(BarrierValueFormat.KeySize);
            var wrapped = await _seal.WrapAsync(rootKey, cancellationToken).ConfigureAwait(false);
            try
            {
                // NotExists: of two instances initialising at once, exactly one root key wins.
                await _physical.PutAsync(BarrierPaths.RootKey, new RootKeyRecord(_seal.Type, wrapped).ToBytes(), PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                CryptographicOperations.ZeroMemory(rootKey);
                throw new InvalidOperationException("The vault is already initialised (another instance initialised it concurrently).");
            }

            var keyring = Keyring.CreateFirst(_time.GetUtcNow());
            // The keyring write is not abandoned on cancellation: a root key without a keyring is a half-initialised vault.
            var etag = await _physical.PutAsync(BarrierPaths.Keyring, KeyringCodec.Encrypt(rootKey, keyring), PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
            Install(rootKey, keyring, etag);
            _logger.LogInformation("Initialised the barrier with seal {SealType}", _seal.Type);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task UnsealAsync(CancellationToken cancellationToken)
    {
        if (!IsSealed)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsSealed)
            {
                return; // A concurrent caller unsealed while we waited.
            }

            var entry = await _physical.GetAsync(BarrierPaths.RootKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The vault is not initialised.");
            var record = RootKeyRecord.Parse(entry.Value);
            if (record.SealType != _seal.Type)
            {
                throw new SealUnavailableException($"The root key was wrapped by a '{record.SealType}' seal, but this vault is configured with a '{_seal.Type}' seal.");
            }

            var rootKey = await _seal.UnwrapAsync(record.WrappedKey, cancellationToken).ConfigureAwait(false);
            try
            {
                var keyringEntry = await GetKeyringEntryAsync(cancellationToken).ConfigureAwait(false);
                var keyring = KeyringCodec.Decrypt(rootKey, keyringEntry.Value);
                Install(rootKey, keyring, keyringEntry.ETag);
                _logger.LogInformation("Unsealed the barrier at keyring term {Term}", keyring.Active.Term);
            }
            catch
            {
                CryptographicOperations.ZeroMemory(rootKey);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Seal()
    {
        _keyLock.EnterWriteLock();
        try
        {
            _keyring?.ZeroKeys();
            if (_rootKey is not null)
            {
                CryptographicOperations.ZeroMemory(_rootKey);
            }

            (_keyring, _rootKey, _keyringETag) = (null, null, null);
        }
        finally
        {
            _keyLock.ExitWriteLock();
        }
    }

    public async Task<KeyStatus> RotateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Volatile.Read(ref _keyring) ?? throw new SealedException();
            var etag = _keyringETag!;
            var rotated = current.AddTerm(_time.GetUtcNow());
            try
            {
                // IfMatch the keyring we hold: two rotations racing cannot both write, and none is lost.
                var newETag = await _physical.PutAsync(BarrierPaths.Keyring, WithRootKey(rootKey => KeyringCodec.Encrypt(rootKey, rotated)), PutCondition.IfMatch(etag), CancellationToken.None).ConfigureAwait(false);
                Swap(rotated, newETag);
                _logger.LogInformation("Rotated the barrier keyring to term {Term}", rotated.Active.Term);
            }
            catch (StorageConflictException)
            {
                // Another instance rotated first: its new term serves this request too. Our unused key is dropped.
                CryptographicOperations.ZeroMemory(rotated.Active.Key);
                await ReloadUnderGateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return await GetKeyStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeyStatus> GetKeyStatusAsync(CancellationToken cancellationToken)
    {
        var active = (Volatile.Read(ref _keyring) ?? throw new SealedException()).Active;
        var entry = await Storage.GetAsync(BarrierPaths.ReencryptionCheckpoint, cancellationToken).ConfigureAwait(false);
        var checkpoint = entry is null ? null : ReencryptionCheckpoint.Parse(entry.Value);
        return new KeyStatus(active.Term, active.InstallTime, Interlocked.Read(ref _encryptions), ReencryptionCheckpoint.ProgressFor(checkpoint, active.Term));
    }

    public void Dispose()
    {
        Seal();
        _keyLock.Dispose();
        _gate.Dispose();
    }

    /// <summary>The newest term this instance knows, after re-reading the keyring if it is older than the budget.</summary>
    internal async Task<int> GetActiveTermAsync(bool forceReload, CancellationToken cancellationToken)
    {
        var keyring = Volatile.Read(ref _keyring) ?? throw new SealedException();
        if (forceReload || _time.GetUtcNow() - _keyringLoadedAt > KeyringMaxAge)
        {
            await ReloadKeyringAsync(cancellationToken).ConfigureAwait(false);
            keyring = Volatile.Read(ref _keyring) ?? throw new SealedException();
        }

        return keyring.Active.Term;
    }

    /// <summary>Encrypts under the newest term known in memory (see <see cref="GetActiveTermAsync"/> for freshness).</summary>
    internal byte[] Encrypt(string path, ReadOnlySpan<byte> plaintext)
    {
        _keyLock.EnterReadLock();
        try
        {
            var active = (_keyring ?? throw new SealedException()).Active;
            var value = BarrierValueFormat.Encrypt(active.Term, active.Key, path, plaintext);
            Interlocked.Increment(ref _encryptions);
            return value;
        }
        finally
        {
            _keyLock.ExitReadLock();
        }
    }

    internal async Task<byte[]> DecryptAsync(string path, byte[] value, CancellationToken cancellationToken)
    {
        var term = BarrierValueFormat.ReadTerm(path, value);
        if (TryDecrypt(term, path, value) is { } plaintext)
        {
            return plaintext;
        }

        // A term we do not know is newer: another instance rotated. Re-read the keyring (never re-initialise).
        await ReloadKeyringAsync(cancellationToken).ConfigureAwait(false);
        return TryDecrypt(term, path, value)
            ?? throw new BarrierDecryptionException(path, $"it was written under keyring term {term}, which the keyring in storage does not hold.");
    }

    private byte[]? TryDecrypt(int term, string path, byte[] value)
    {
        _keyLock.EnterReadLock();
        try
        {
            var keyring = _keyring ?? throw new SealedException();
            return keyring.TryGet(term, out var keyringTerm) ? BarrierValueFormat.Decrypt(keyringTerm.Key, path, value) : null;
        }
        finally
        {
            _keyLock.ExitReadLock();
        }
    }

    private async Task ReloadKeyringAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ReloadUnderGateAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReloadUnderGateAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _keyring) ?? throw new SealedException();
        var entry = await GetKeyringEntryAsync(cancellationToken).ConfigureAwait(false);
        var merged = current.MergeNewer(WithRootKey(rootKey => KeyringCodec.Decrypt(rootKey, entry.Value)));
        Swap(merged, entry.ETag);
        if (merged.Active.Term != current.Active.Term)
        {
            _logger.LogInformation("Reloaded the barrier keyring: term {OldTerm} -> {NewTerm}", current.Active.Term, merged.Active.Term);
        }
    }

    private async Task<StorageEntry> GetKeyringEntryAsync(CancellationToken cancellationToken) =>
        await _physical.GetAsync(BarrierPaths.Keyring, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The vault has a root key but no keyring at '{BarrierPaths.Keyring}': initialisation did not finish.");

    /// <summary>
    /// Runs a synchronous operation with the installed root key under the read lock, so Seal cannot zero it midway
    /// (a keyring encrypted under a half-zeroed root key would be lost for good).
    /// </summary>
    private T WithRootKey<T>(Func<byte[], T> operation)
    {
        _keyLock.EnterReadLock();
        try
        {
            return operation(_rootKey ?? throw new SealedException());
        }
        finally
        {
            _keyLock.ExitReadLock();
        }
    }

    private void Install(byte[] rootKey, Keyring keyring, string etag)
    {
        _keyLock.EnterWriteLock();
        try
        {
            (_rootKey, _keyring, _keyringETag, _keyringLoadedAt) = (rootKey, keyring, etag, _time.GetUtcNow());
        }
        finally
        {
            _keyLock.ExitWriteLock();
        }
    }

    private void Swap(Keyring keyring, string etag)
    {
        _keyLock.EnterWriteLock();
        try
        {
            if (_keyring is not null)
            {
                (_keyring, _keyringETag, _keyringLoadedAt) = (keyring, etag, _time.GetUtcNow());
            }
        }
        finally
        {
            _keyLock.ExitWriteLock();
        }
    }
}
