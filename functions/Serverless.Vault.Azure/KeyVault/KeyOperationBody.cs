using System.Text.Json.Serialization;

namespace Serverless.Vault.Azure.KeyVault;

/// <summary>The request body of Key Vault's wrapkey and unwrapkey operations.</summary>
internal sealed record KeyOperationBody(
    [property: JsonPropertyName("alg")] string Algorithm,
    [property: JsonPropertyName("value")] string Value);
