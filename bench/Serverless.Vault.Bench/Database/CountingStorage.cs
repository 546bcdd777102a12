using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Bench.Database;

/// <summary>
/// The physical storage under the barrier, counting write round trips: a put, a delete and a batch commit are one each
/// (a commit is one Table transaction however many rows it holds). Reads and lists pass through uncounted.
/// </summary>
internal sealed class CountingStorage(IStorage inner) : IStorage
{
    private long _puts;
    private long _deletes;
    private long _commits;

    public WriteCounts Counts => new(Interlocked.Read(ref _puts), Interlocked.Read(ref _deletes), Interlocked.Read(ref _commits));

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

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
        Interlocked.Increment(ref _commits);
        return inner.CommitAsync(writes, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}
