namespace Serverless.Vault.Client.Transit;

/// <summary>One item of <see cref="TransitClient.DecryptBatchAsync"/>; <paramref name="Reference"/> is echoed in its result.</summary>
public sealed record TransitDecryptItem(string Ciphertext, ReadOnlyMemory<byte>? Context = null, string? Reference = null);
