using System.Text.Json.Serialization;

namespace Serverless.Vault.Client;

/// <summary>The <c>wrap_info</c> block of a wrapped response.</summary>
public sealed record VaultWrapInfo
{
    [JsonPropertyName("token")]
    public string Token { get; init; } = string.Empty;

    [JsonPropertyName("accessor")]
    public string? Accessor { get; init; }

    [JsonPropertyName("ttl")]
    public long Ttl { get; init; }

    [JsonPropertyName("creation_time")]
    public DateTimeOffset CreationTime { get; init; }

    [JsonPropertyName("creation_path")]
    public string? CreationPath { get; init; }

    public override string ToString() => $"VaultWrapInfo {{ Accessor = {Accessor}, Ttl = {Ttl}, CreationPath = {CreationPath} }}";
}
