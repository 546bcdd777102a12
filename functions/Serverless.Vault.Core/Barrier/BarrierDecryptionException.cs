namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// A stored value could not be decrypted: it was tampered with, truncated, copied from another key, or written under a
/// keyring term this vault does not have. Never swallowed into a null read.
/// </summary>
public sealed class BarrierDecryptionException(string key, string reason, Exception? innerException = null)
    : Exception($"The stored value at '{key}' cannot be decrypted: {reason}", innerException)
{
    public string Key { get; } = key;
}
