namespace Serverless.Vault.Client.Transit;

/// <summary>A new data key: wrapped under the named key (<see cref="Ciphertext"/>) and, when asked for, in the clear.</summary>
public sealed record TransitDataKey(byte[]? Plaintext, string Ciphertext, int KeyVersion)
{
    /// <summary>Key material: not printed.</summary>
    public override string ToString() => $"TransitDataKey {{ KeyVersion = {KeyVersion}, HasPlaintext = {Plaintext is not null} }}";
}
