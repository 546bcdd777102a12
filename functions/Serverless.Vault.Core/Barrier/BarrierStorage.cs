using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// The encrypted view of physical storage handed to everything above the barrier. Values are encrypted with the full
/// physical key as associated data; ETags, conditions and listings pass through unchanged. The barrier's own rows
/// (root key, keyring) cannot be named through it.
/// </summary>
internal sealed class BarrierStorage(AesGcmBarrier barrier, IStorage physical) : IStorage
{
    public async Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        EnsureReachable(key);
        var entry = await physical.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var plaintext = await barrier.DecryptAsync(key, entry.Value, cancellationToken).ConfigureAwait(false);
        return entry with { Value = plaintext };
    }

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken)
    {
        EnsureReachable(key);
        if (value.Length > BarrierValueFormat.MaxPlaintextBytes)
        {
            throw new StorageLimitException($"the value is too large to store: at most {BarrierValueFormat.MaxPlaintextBytes} bytes are allowed, this one needs {value.Length}");
        }

        // Refresh a stale keyring first, so writes move to a term another instance installed.
        await barrier.GetActiveTermAsync(forceReload: false, cancellationToken).ConfigureAwait(false);
        var ciphertext = barrier.Encrypt(key, value.Span);
        return await physical.PutAsync(key, ciphertext, condition, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            EnsureReachable(write.Key);
            if (write.Value is { Length: > BarrierValueFormat.MaxPlaintextBytes } value)
            {
                throw new StorageLimitException($"the value is too large to store: at most {BarrierValueFormat.MaxPlaintextBytes} bytes are allowed, this one needs {value.Length}");
            }
        }

        await barrier.GetActiveTermAsync(forceReload: false, cancellationToken).ConfigureAwait(false);
        var encrypted = writes.Select(w => w.Value is { } value ? w.WithValue(barrier.Encrypt(w.Key, value.Span)) : w).ToArray();
        return await physical.CommitAsync(encrypted, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        EnsureReachable(key);
        return physical.DeleteAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        EnsureUnsealed();
        return physical.ListAsync(prefix, cancellationToken);
    }

    private void EnsureReachable(string key)
    {
        StorageLimits.ValidateKey(key);
        if (BarrierPaths.IsReserved(key))
        {
            throw new ArgumentException($"'{key}' belongs to the barrier and cannot be read or written through the encrypted storage.", nameof(key));
        }

        EnsureUnsealed();
    }

    private void EnsureUnsealed()
    {
        if (barrier.IsSealed)
        {
            throw new SealedException();
        }
    }
}
