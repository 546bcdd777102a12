using System.Security.Cryptography;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Keyed AEAD objects of one cached key version, kept for reuse across requests: setting up an AesGcm (native context
/// and key schedule) costs about as much as sealing 1 KiB with it. Lock-free: a renter takes an instance out of a slot
/// (or makes one) and owns it alone until it puts it back, as AesGcm is not thread-safe. The version clears the pool
/// when its policy's last holder lets go, so the instances' copies of the key go with the key bytes.
/// </summary>
internal sealed class AeadPool(ITransitAeadFactory? factory = null)
{
    private readonly ITransitAeadFactory _factory = factory ?? SystemTransitAeads.Instance;

    /// <summary>One instance per core in flight is the most a busy instance uses at once; more are made and dropped.</summary>
    private readonly ITransitAead?[] _slots = new ITransitAead?[Math.Clamp(Environment.ProcessorCount, 2, 16)];

    private int _cleared;

    /// <summary>An instance keyed with <paramref name="key"/>, pooled or new; give it back with <see cref="Return"/>.</summary>
    public ITransitAead Rent(TransitKeyType type, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is not null && Interlocked.Exchange(ref _slots[i], null) is { } pooled)
            {
                return pooled;
            }
        }

        return Create(type, key);
    }

    /// <summary>Puts an instance back for the next renter, or disposes it when the pool is full or cleared.</summary>
    public void Return(ITransitAead aead)
    {
        ArgumentNullException.ThrowIfNull(aead);
        if (Volatile.Read(ref _cleared) == 0)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _slots[i], aead, null) is null)
                {
                    // A clear that ran meanwhile may have missed this slot: take the instance out again ourselves.
                    if (Volatile.Read(ref _cleared) != 0)
                    {
                        Interlocked.Exchange(ref _slots[i], null)?.Dispose();
                    }

                    return;
                }
            }
        }

        aead.Dispose();
    }

    /// <summary>Disposes every pooled instance (freeing its copy of the key) and pools nothing from now on.</summary>
    public void Clear()
    {
        Volatile.Write(ref _cleared, 1);
        for (var i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }
    }

    /// <summary>A new instance for the key type, not pooled: ChaCha20-Poly1305 or AES-GCM with Vault's 16-byte tag.</summary>
    public ITransitAead Create(TransitKeyType type, ReadOnlySpan<byte> key) => _factory.Create(TransitKeyTypes.Name(type), key);
}
