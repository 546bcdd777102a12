using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Core.Tests.Performance;

/// <summary>Counts the unwraps that reach the seal: each one is a Key Vault round trip on Azure.</summary>
internal sealed class CountingSeal(ISeal inner) : ISeal
{
    private int _unwraps;

    public string Type => inner.Type;

    public int Unwraps => Volatile.Read(ref _unwraps);

    public Task<byte[]> WrapAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken) => inner.WrapAsync(key, cancellationToken);

    public async Task<byte[]> UnwrapAsync(ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _unwraps);
        // A slow Key Vault, so that concurrent first requests really overlap.
        await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        return await inner.UnwrapAsync(wrappedKey, cancellationToken).ConfigureAwait(false);
    }
}
