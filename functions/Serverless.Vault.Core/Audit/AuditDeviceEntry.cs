using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Audit;

/// <summary>One enabled audit device as the audit table stores it, with the salt its HMACs are keyed with.</summary>
public sealed record AuditDeviceEntry
{
    /// <summary>The device path with a trailing '/', e.g. "file/".</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    [JsonPropertyName("options")]
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("local")]
    public bool Local { get; init; }

    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    /// <summary>
    /// A random UUID string, new on every enable, used as the HMAC key bytes (Vault's salt): entries of a re-enabled
    /// device cannot be correlated with the old one's. Lives behind the barrier with the table.
    /// </summary>
    [JsonPropertyName("salt")]
    public required string Salt { get; init; }
}
