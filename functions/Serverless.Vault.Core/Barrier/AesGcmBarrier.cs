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

    private readonly BarrierKeys _keys = new();

    // Serialises unseal, reload and rotate, which read storage and then replace the keys.
    private readonly SemaphoreSlim _gate = new(1, 1);
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

    public bool IsSealed => _keys.Keyring is null;

    public IStorage Storage { get; }

    internal IStorage Physical => _physical;

    /// <summary>The keyring in memory, null while sealed (tests check zeroing through it).</summary>
    internal Keyring? CurrentKeyring => _keys.Keyring;

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
            _keys.Install(rootKey, keyring, etag, _time.GetUtcNow());
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
                _keys.Install(rootKey, keyring, keyringEntry.ETag, _time.GetUtcNow());
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

    public void Seal() => _keys.Clear();

    public async Task RewrapRootKeyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rootKey = _keys.WithRootKey(key => key.ToArray());
            try
            {
                var entry = await _physical.GetAsync(BarrierPaths.RootKey, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The vault is not initialised.");
                var wrapped = await _seal.WrapAsync(rootKey, cancellationToken).ConfigureAwait(false);
                // IfMatch: a concurrent re-wrap elsewhere wins and this one reports a conflict instead of overwriting it.
                await _physical.PutAsync(BarrierPaths.RootKey, new RootKeyRecord(_seal.Type, wrapped).ToBytes(), PutCondition.IfMatch(entry.ETag), CancellationToken.None).ConfigureAwait(false);
                _logger.LogInformation("Re-wrapped the root key with the seal's current key ({SealType})", _seal.Type);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(rootKey);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<KeyStatus> RotateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (current, etag) = _keys.Current();
            var rotated = current.AddTerm(_time.GetUtcNow());
            try
            {
                // IfMatch the keyring we hold: two rotations racing cannot both write, and none is lost.
                var newETag = await _physical.PutAsync(BarrierPaths.Keyring, _keys.WithRootKey(rootKey => KeyringCodec.Encrypt(rootKey, rotated)), PutCondition.IfMatch(etag), CancellationToken.None).ConfigureAwait(false);
                _keys.Replace(rotated, newETag, _time.GetUtcNow());
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
        var active = (_keys.Keyring ?? throw new SealedException()).Active;
        var entry = await Storage.GetAsync(BarrierPaths.ReencryptionCheckpoint, cancellationToken).ConfigureAwait(false);
        var checkpoint = entry is null ? null : ReencryptionCheckpoint.Parse(entry.Value);
        return new KeyStatus(active.Term, active.InstallTime, Interlocked.Read(ref _encryptions), ReencryptionCheckpoint.ProgressFor(checkpoint, active.Term));
    }

    public void Dispose()
    {
        _keys.Dispose();
        _gate.Dispose();
    }

    /// <summary>The newest term this instance knows, after re-reading the keyring if it is older than the budget.</summary>
    internal async Task<int> GetActiveTermAsync(bool forceReload, CancellationToken cancellationToken)
    {
        if (forceReload)
        {
            await ReloadKeyringAsync(() => true, cancellationToken).ConfigureAwait(false);
        }
        else if (IsStale())
        {
            await ReloadKeyringAsync(IsStale, cancellationToken).ConfigureAwait(false);
        }

        return (_keys.Keyring ?? throw new SealedException()).Active.Term;
    }

    /// <summary>Encrypts under the newest term known in memory (see <see cref="GetActiveTermAsync"/> for freshness).</summary>
    internal byte[] Encrypt(string path, ReadOnlySpan<byte> plaintext)
    {
        var value = _keys.Encrypt(path, plaintext);
        Interlocked.Increment(ref _encryptions);
        return value;
    }

    internal async Task<byte[]> DecryptAsync(string path, byte[] value, CancellationToken cancellationToken)
    {
        var term = BarrierValueFormat.ReadTerm(path, value);
        if (_keys.TryDecrypt(term, path, value) is { } plaintext)
        {
            return plaintext;
        }

        // A term we do not know is newer: another instance rotated. Re-read the keyring (never re-initialise).
        await ReloadKeyringAsync(() => _keys.Keyring?.TryGet(term, out _) == false, cancellationToken).ConfigureAwait(false);
        return _keys.TryDecrypt(term, path, value)
            ?? throw new BarrierDecryptionException(path, $"it was written under keyring term {term}, which the keyring in storage does not hold.");
    }

    private bool IsStale() => _time.GetUtcNow() - _keys.LoadedAt > KeyringMaxAge;

    /// <summary>
    /// Re-reads the keyring unless, once we hold the gate, <paramref name="stillNeeded"/> says a concurrent caller
    /// already did: a burst of requests meeting a new term then costs one storage read, not one each.
    /// </summary>
    private async Task ReloadKeyringAsync(Func<bool> stillNeeded, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (stillNeeded())
            {
                await ReloadUnderGateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReloadUnderGateAsync(CancellationToken cancellationToken)
    {
        var (current, _) = _keys.Current();
        var entry = await GetKeyringEntryAsync(cancellationToken).ConfigureAwait(false);
        var merged = current.MergeNewer(_keys.WithRootKey(rootKey => KeyringCodec.Decrypt(rootKey, entry.Value)));
        _keys.Replace(merged, entry.ETag, _time.GetUtcNow());
        if (merged.Active.Term != current.Active.Term)
        {
            _logger.LogInformation("Reloaded the barrier keyring: term {OldTerm} -> {NewTerm}", current.Active.Term, merged.Active.Term);
        }
    }

    private async Task<StorageEntry> GetKeyringEntryAsync(CancellationToken cancellationToken) =>
        await _physical.GetAsync(BarrierPaths.Keyring, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The vault has a root key but no keyring at '{BarrierPaths.Keyring}': initialisation did not finish.");
}
