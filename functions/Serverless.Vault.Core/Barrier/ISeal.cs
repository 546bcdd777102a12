namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// Wraps and unwraps the barrier's root key with a key-encryption key held elsewhere (Azure Key Vault, a local key).
/// Implementations throw <see cref="SealUnavailableException"/> when the key-encryption key cannot be used right now.
/// </summary>
public interface ISeal
{
    /// <summary>The seal type as Vault reports it ("azurekeyvault", "local").</summary>
    string Type { get; }

    Task<byte[]> WrapAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken);

    Task<byte[]> UnwrapAsync(ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken);
}
