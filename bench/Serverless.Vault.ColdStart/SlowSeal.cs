using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.ColdStart;

/// <summary>The stand-in for Azure Key Vault: the configured seal, plus a fixed delay per unwrap (a Key Vault round trip).</summary>
internal sealed class SlowSeal(ISeal inner, TimeSpan unwrapDelay) : ISeal
{
    public string Type => inner.Type;

    public Task<byte[]> WrapAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken) => inner.WrapAsync(key, cancellationToken);

    public async Task<byte[]> UnwrapAsync(ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken)
    {
        await Task.Delay(unwrapDelay, cancellationToken).ConfigureAwait(false);
        return await inner.UnwrapAsync(wrappedKey, cancellationToken).ConfigureAwait(false);
    }
}
