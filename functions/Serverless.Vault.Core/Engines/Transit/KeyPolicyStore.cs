using System.Security.Cryptography;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Reads keys through the cache and changes them with ETag conditions: every write is a read-modify-write of the key's
/// one row, retried on a lost race, so two instances rotating at once end with two new versions, never one.
/// </summary>
internal sealed class KeyPolicyStore(KeyCache cache, TimeProvider time)
{
    public TimeProvider Time => time;

    public ValueTask<KeyLease?> GetAsync(RequestContext context, string name, CancellationToken cancellationToken, long atLeastVersion = 0) =>
        cache.AcquireAsync(context.Storage, name, atLeastVersion, cancellationToken);

    /// <summary>Whether the key exists, from the cache when it is fresh there, else from storage.</summary>
    public async Task<bool> ExistsAsync(RequestContext context, string name, CancellationToken cancellationToken)
    {
        if (cache.IsFresh(name))
        {
            return true;
        }

        using var lease = await GetAsync(context, name, cancellationToken).ConfigureAwait(false);
        return lease is not null;
    }

    /// <summary>Creates the key with its first version unless it exists; Created says which happened.</summary>
    public async Task<(KeyLease Lease, bool Created)> GetOrCreateAsync(RequestContext context, KeyPolicyRecord settings, CancellationToken cancellationToken)
    {
        var storage = context.Storage;
        while (true)
        {
            if (await cache.AcquireAsync(storage, settings.Name, 0, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return (existing, false);
            }

            var record = settings.Rotated(time.GetUtcNow());
            try
            {
                // Key creation is not abandoned on client cancellation: a half-made key would only confuse a retry.
                var etag = await PutAsync(storage, record, PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
                var created = cache.Install(record.Name, record, etag);
                return created.TryAcquire() ? (new KeyLease(created), true) : throw new InvalidOperationException("A new key was released before use.");
            }
            catch (StorageConflictException)
            {
                // Another request (maybe on another instance) created it first: use theirs.
            }
        }
    }

    /// <summary>Applies a change to the freshly read key under its ETag; <paramref name="change"/> may throw to refuse.</summary>
    public Task<KeyLease> UpdateAsync(RequestContext context, string name, Func<KeyPolicyRecord, KeyPolicyRecord> change, CancellationToken cancellationToken)
    {
        var storage = context.Storage;
        return ConflictRetry.RunAsync(async () =>
        {
            var (current, entry) = await StoredJson.ReadAsync<KeyPolicyRecord>(storage, TransitStorageKeys.Policy(name), cancellationToken).ConfigureAwait(false);
            if (current is null || entry is null)
            {
                cache.Forget(name);
                throw VaultException.InvalidRequest("key not found");
            }

            CryptographicOperations.ZeroMemory(entry.Value);
            var next = change(current);
            var etag = await PutAsync(storage, next, PutCondition.IfMatch(entry.ETag), CancellationToken.None).ConfigureAwait(false);
            var installed = cache.Install(name, next, etag);
            return installed.TryAcquire() ? new KeyLease(installed) : throw new InvalidOperationException("An updated key was released before use.");
        }, cancellationToken);
    }

    /// <summary>Deletes the key if its settings allow it, conditioned on the row read so a concurrent change is not lost.</summary>
    public Task DeleteAsync(RequestContext context, string name, CancellationToken cancellationToken)
    {
        var storage = context.Storage;
        return ConflictRetry.RunAsync(async () =>
        {
            var (current, entry) = await StoredJson.ReadAsync<KeyPolicyRecord>(storage, TransitStorageKeys.Policy(name), cancellationToken).ConfigureAwait(false);
            if (current is null || entry is null)
            {
                throw VaultException.InvalidRequest($"error deleting policy {name}: could not delete key; not found");
            }

            CryptographicOperations.ZeroMemory(entry.Value);
            if (!current.DeletionAllowed)
            {
                throw VaultException.InvalidRequest($"error deleting policy {name}: deletion is not allowed for this policy");
            }

            await storage.CommitAsync([StorageWrite.Delete(TransitStorageKeys.Policy(name), PutCondition.IfMatch(entry.ETag))], CancellationToken.None).ConfigureAwait(false);
            cache.Forget(name);
        }, cancellationToken);
    }

    /// <summary>Writes a restored key whole; an existing key of that name is replaced only when <paramref name="force"/> is set.</summary>
    public async Task RestoreAsync(RequestContext context, KeyPolicyRecord record, bool force, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string etag;
        try
        {
            // Not abandoned on client cancellation once started: the write is one put, all or nothing.
            etag = await PutAsync(context.Storage, record, force ? PutCondition.None : PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            throw VaultException.InvalidRequest($"key \"{record.Name}\" already exists");
        }

        // This instance sees the restored key at once; others within the cache's staleness budget.
        cache.Install(record.Name, record, etag);
    }

    public async Task<IReadOnlyList<string>> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var children = await context.Storage.ListAsync(TransitStorageKeys.PolicyPrefix, cancellationToken).ConfigureAwait(false);
        return children.Where(child => !child.EndsWith('/')).ToArray();
    }

    private static async Task<string> PutAsync(IStorage storage, KeyPolicyRecord record, PutCondition condition, CancellationToken cancellationToken)
    {
        var bytes = StoredJson.Serialize(record);
        try
        {
            return await storage.PutAsync(TransitStorageKeys.Policy(record.Name), bytes, condition, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The serialised row carries every version's key in base64: do not leave it for the GC to find.
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
