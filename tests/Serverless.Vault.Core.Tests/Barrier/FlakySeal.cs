using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Core.Tests.Barrier;

/// <summary>A local seal that can be switched to fail like an unreachable Key Vault, counting every call.</summary>
internal sealed class FlakySeal(LocalSeal inner) : ISeal
{
    private int _calls;

    public string Type => inner.Type;

    public bool Failing { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, unwrap waits for it: lets a test hold an attempt in flight.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Task<byte[]> WrapAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken) =>
        inner.WrapAsync(key, cancellationToken);

    public async Task<byte[]> UnwrapAsync(ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Gate is { } gate)
        {
            await gate.Task.ConfigureAwait(false);
        }

        if (Failing)
        {
            throw new SealUnavailableException("Key Vault answered 503.", RetryAfter);
        }

        return await inner.UnwrapAsync(wrappedKey, cancellationToken).ConfigureAwait(false);
    }
}
