using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Azure.KeyVault;

/// <summary>
/// What the Key Vault seal hands the barrier as "wrapped bytes": the key version that wrapped (so unwrapping survives
/// a key rotation in Key Vault), the algorithm, and the wrapped key.
/// </summary>
internal sealed record WrappedKeyEnvelope(
    [property: JsonPropertyName("kid")] string KeyId,
    [property: JsonPropertyName("alg")] string Algorithm,
    [property: JsonPropertyName("value")] byte[] Value)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static WrappedKeyEnvelope Parse(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<WrappedKeyEnvelope>(bytes) is { KeyId.Length: > 0, Algorithm.Length: > 0, Value.Length: > 0 } envelope
            ? envelope
            : throw new FormatException("The wrapped root key is not a Key Vault seal envelope.");
}
