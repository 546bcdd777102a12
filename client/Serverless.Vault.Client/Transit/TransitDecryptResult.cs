namespace Serverless.Vault.Client.Transit;

/// <summary>One result of a batch decrypt: the plaintext, or the item's <see cref="Error"/>.</summary>
public sealed record TransitDecryptResult(byte[]? Plaintext, string? Reference, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>Plaintext: not printed.</summary>
    public override string ToString() => $"TransitDecryptResult {{ Reference = {Reference}, Error = {Error} }}";
}
