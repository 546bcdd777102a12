using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Barrier;

/// <summary>Passes through to another storage, recording reads and writes and running a hook after each write.</summary>
internal sealed class RecordingStorage(IStorage inner) : IStorage
{
    private readonly Lock _lock = new();
    private readonly List<string> _gets = [];
    private readonly List<string> _puts = [];

    public Func<string, Task>? AfterPut { get; set; }

    public IReadOnlyList<string> Gets
    {
        get
        {
            lock (_lock)
            {
                return [.. _gets];
            }
        }
    }

    public IReadOnlyList<string> Puts
    {
        get
        {
            lock (_lock)
            {
                return [.. _puts];
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _gets.Clear();
            _puts.Clear();
        }
    }

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _gets.Add(key);
        }

        return inner.GetAsync(key, cancellationToken);
    }

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _puts.Add(key);
        }

        var etag = await inner.PutAsync(key, value, condition, cancellationToken).ConfigureAwait(false);
        if (AfterPut is { } hook)
        {
            await hook(key).ConfigureAwait(false);
        }

        return etag;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken) =>
        inner.CommitAsync(writes, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}
