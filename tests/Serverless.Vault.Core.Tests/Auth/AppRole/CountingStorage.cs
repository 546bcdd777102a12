using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Auth.AppRole;

/// <summary>Physical storage that counts reads: a failed login must read as much whether or not its role exists.</summary>
internal sealed class CountingStorage(IStorage inner) : IStorage
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken) =>
        inner.PutAsync(key, value, condition, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken) =>
        inner.CommitAsync(writes, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}
