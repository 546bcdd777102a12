namespace Serverless.Vault.Core.Storage;

/// <summary>
/// Counts the operations that reach the storage it wraps: what an API call costs in round trips to Table Storage,
/// independent of the machine. Tests and benchmarks put it under the barrier (as the physical storage).
/// </summary>
public sealed class CountingStorage(IStorage inner) : IStorage
{
    private long _reads;
    private long _puts;
    private long _deletes;
    private long _transactions;
    private long _lists;

    public StorageOperationCounts Counts =>
        new(Interlocked.Read(ref _reads), Interlocked.Read(ref _puts), Interlocked.Read(ref _deletes), Interlocked.Read(ref _transactions), Interlocked.Read(ref _lists));

    /// <summary>Starts counting from zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _puts, 0);
        Interlocked.Exchange(ref _deletes, 0);
        Interlocked.Exchange(ref _transactions, 0);
        Interlocked.Exchange(ref _lists, 0);
    }

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _puts);
        return inner.PutAsync(key, value, condition, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deletes);
        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _transactions);
        return inner.CommitAsync(writes, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListAsync(prefix, cancellationToken);
    }
}
