using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Barrier;

/// <summary>
/// What is stored at <see cref="BarrierPaths.RootKey"/>: which seal wrapped the root key, and the wrapped bytes.
/// The seal type is recorded so that starting with a differently configured seal fails with a clear message.
/// </summary>
internal sealed record RootKeyRecord(
    [property: JsonPropertyName("seal_type")] string SealType,
    [property: JsonPropertyName("wrapped_key")] byte[] WrappedKey)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static RootKeyRecord Parse(byte[] bytes) =>
        JsonSerializer.Deserialize<RootKeyRecord>(bytes) is { SealType: not null, WrappedKey: not null } record
            ? record
            : throw new InvalidDataException($"The record at '{BarrierPaths.RootKey}' is malformed.");
}
