using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// The encryption barrier between the vault and its physical storage. While sealed, <see cref="Storage"/> throws
/// <see cref="SealedException"/>; once unsealed it encrypts every value under the newest keyring term.
/// </summary>
public interface IBarrier
{
    bool IsSealed { get; }

    /// <summary>The encrypted view of physical storage that everything above the barrier uses.</summary>
    IStorage Storage { get; }

    /// <summary>True once a root key and keyring exist in physical storage.</summary>
    Task<bool> IsInitializedAsync(CancellationToken cancellationToken);

    /// <summary>Creates the root key (wrapped by the seal) and the first keyring term, then unseals. Throws InvalidOperationException if already initialised.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Unwraps the root key with the seal and loads the keyring. Throws <see cref="SealUnavailableException"/> on failure.</summary>
    Task UnsealAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the keys held in memory.</summary>
    void Seal();

    /// <summary>Adds a new keyring term used for all new writes; returns the new status.</summary>
    Task<KeyStatus> RotateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Wraps the root key again with the seal's current key, after the seal key was rotated (a new Key Vault key
    /// version): the root key and keyring stay as they are, only the stored wrapping changes.
    /// </summary>
    Task RewrapRootKeyAsync(CancellationToken cancellationToken);

    /// <summary>The current term, its install time, and the re-encryption progress.</summary>
    Task<KeyStatus> GetKeyStatusAsync(CancellationToken cancellationToken);
}
