namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// The keyed AEAD objects one request uses across its batch items, one per key version, rented from each version's
/// <see cref="AeadPool"/>. Not thread-safe, like AesGcm itself: a request's items run one after another. Only stored
/// (non-derived) keys come here; a derived key differs per context. Disposing gives the instances back, so the owner
/// disposes this before letting go of its lease (the pool is cleared when the last lease goes).
/// </summary>
internal sealed class AeadInstances : IDisposable
{
    // Almost every request uses one version: that one needs no dictionary.
    private long _firstVersion;
    private (AeadPool Pool, ITransitAead Aead)? _first;
    private Dictionary<long, (AeadPool Pool, ITransitAead Aead)>? _others;

    /// <summary>The instance for <paramref name="version"/>, rented from its pool on first use.</summary>
    public ITransitAead Get(long version, KeyVersion keyVersion, TransitKeyType type, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(keyVersion);
        if (_first is { } first && _firstVersion == version)
        {
            return first.Aead;
        }

        if (_others is not null && _others.TryGetValue(version, out var other))
        {
            return other.Aead;
        }

        var rented = (keyVersion.Aeads, keyVersion.Aeads.Rent(type, key));
        if (_first is null)
        {
            _first = rented;
            _firstVersion = version;
        }
        else
        {
            (_others ??= [])[version] = rented;
        }

        return rented.Item2;
    }

    public void Dispose()
    {
        if (_first is { } first)
        {
            first.Pool.Return(first.Aead);
            _first = null;
        }

        foreach (var (pool, aead) in _others?.Values ?? Enumerable.Empty<(AeadPool, ITransitAead)>())
        {
            pool.Return(aead);
        }

        _others = null;
    }
}
