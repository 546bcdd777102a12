using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Performance;

/// <summary>Counts the round trips a request makes to physical storage.</summary>
internal sealed class CountingStorage(IStorage inner) : IStorage
{
    private int _gets;
    private int _puts;
    private int _commits;
    private int _deletes;
    private int _lists;

    public int Gets => _gets;

    public int Writes => _puts + _commits + _deletes;

    public int Commits => _commits;

    public int Lists => _lists;

    public void Reset() => _gets = _puts = _commits = _deletes = _lists = 0;

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gets);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _puts);
        return inner.PutAsync(key, value, condition, cancellationToken);
    }

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _commits);
        return inner.CommitAsync(writes, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deletes);
        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListAsync(prefix, cancellationToken);
    }
}
