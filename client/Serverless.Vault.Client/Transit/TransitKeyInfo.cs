using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Transit;

/// <summary><c>&lt;mount&gt;/keys/&lt;name&gt;</c>: a named key's type, versions and settings (no key material).</summary>
public sealed record TransitKeyInfo
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("latest_version")]
    public int LatestVersion { get; init; }

    [JsonPropertyName("min_available_version")]
    public int MinAvailableVersion { get; init; }

    [JsonPropertyName("min_decryption_version")]
    public int MinDecryptionVersion { get; init; }

    /// <summary>0: encrypt with the latest version.</summary>
    [JsonPropertyName("min_encryption_version")]
    public int MinEncryptionVersion { get; init; }

    [JsonPropertyName("deletion_allowed")]
    public bool DeletionAllowed { get; init; }

    [JsonPropertyName("exportable")]
    public bool Exportable { get; init; }

    [JsonPropertyName("derived")]
    public bool Derived { get; init; }

    [JsonPropertyName("supports_encryption")]
    public bool SupportsEncryption { get; init; }

    [JsonPropertyName("supports_decryption")]
    public bool SupportsDecryption { get; init; }

    [JsonPropertyName("supports_signing")]
    public bool SupportsSigning { get; init; }

    [JsonPropertyName("supports_derivation")]
    public bool SupportsDerivation { get; init; }

    /// <summary>Zero when the key is not rotated automatically.</summary>
    [JsonPropertyName("auto_rotate_period")]
    [JsonConverter(typeof(VaultDuration))]
    public TimeSpan AutoRotatePeriod { get; init; }

    /// <summary>By version: the creation time (symmetric keys) or the public key and its details (asymmetric keys).</summary>
    [JsonPropertyName("keys")]
    public JsonObject? Keys { get; init; }
}
