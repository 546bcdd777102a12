using System.Text.Json.Serialization;

namespace Serverless.Vault.Azure.KeyVault;

/// <summary>The response body of Key Vault's wrapkey and unwrapkey operations: the key version used and the result.</summary>
internal sealed record KeyOperationResult(
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("value")] string? Value);
