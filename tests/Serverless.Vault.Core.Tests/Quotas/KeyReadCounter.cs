using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>Physical storage that counts the reads of one key.</summary>
internal sealed class KeyReadCounter(IStorage inner, string key) : IStorage
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<StorageEntry?> GetAsync(string key1, CancellationToken cancellationToken)
    {
        if (key1 == key)
        {
            Interlocked.Increment(ref _reads);
        }

        return inner.GetAsync(key1, cancellationToken);
    }

    public Task<string> PutAsync(string key1, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken) =>
        inner.PutAsync(key1, value, condition, cancellationToken);

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken) =>
        inner.CommitAsync(writes, cancellationToken);

    public Task DeleteAsync(string key1, CancellationToken cancellationToken) => inner.DeleteAsync(key1, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}
