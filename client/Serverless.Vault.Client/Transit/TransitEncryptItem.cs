namespace Serverless.Vault.Client.Transit;

/// <summary>One item of <see cref="TransitClient.EncryptBatchAsync"/>; <paramref name="Reference"/> is echoed in its result.</summary>
public sealed record TransitEncryptItem(ReadOnlyMemory<byte> Plaintext, ReadOnlyMemory<byte>? Context = null, string? Reference = null)
{
    /// <summary>Plaintext: not printed.</summary>
    public override string ToString() => $"TransitEncryptItem {{ Reference = {Reference}, Length = {Plaintext.Length} }}";
}
