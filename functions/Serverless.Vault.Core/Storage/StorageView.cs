namespace Serverless.Vault.Core.Storage;

/// <summary>
/// A storage scoped to one prefix: a backend given a view of "logical/&lt;uuid&gt;/" cannot name a key outside it,
/// because every key it passes is validated as a relative path before the prefix is added.
/// </summary>
public sealed class StorageView : IStorage
{
    private readonly IStorage _inner;
    private readonly string _prefix;

    public StorageView(IStorage inner, string prefix)
    {
        ArgumentNullException.ThrowIfNull(inner);
        StorageLimits.ValidatePrefix(prefix);
        _inner = inner;
        _prefix = prefix;
    }

    public string Prefix => _prefix;

    public async Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var entry = await _inner.GetAsync(Scope(key), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : entry with { Key = key };
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken) =>
        _inner.PutAsync(Scope(key), value, condition, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => _inner.DeleteAsync(Scope(key), cancellationToken);

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return _inner.CommitAsync([.. writes.Select(w => w.WithKey(Scope(w.Key)))], cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageLimits.ValidatePrefix(prefix);
        return _inner.ListAsync(_prefix + prefix, cancellationToken);
    }

    private string Scope(string key)
    {
        StorageLimits.ValidateKey(key);
        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new StorageLimitException("Storage keys may not contain '.' or '..' segments.");
            }
        }

        return _prefix + key;
    }
}
