namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>A request's hold on a cached key: while it lives, the key's bytes stay intact.</summary>
internal sealed class KeyLease(KeyPolicy policy) : IDisposable
{
    private int _disposed;

    public KeyPolicy Policy { get; } = policy;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Policy.Release();
        }
    }
}
