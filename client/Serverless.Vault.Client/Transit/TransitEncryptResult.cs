namespace Serverless.Vault.Client.Transit;

/// <summary>One result of a batch encrypt: a ciphertext, or the item's <see cref="Error"/>.</summary>
public sealed record TransitEncryptResult(string? Ciphertext, int KeyVersion, string? Reference, string? Error)
{
    public bool Succeeded => Error is null;
}
