using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>config/keys as stored (<see cref="TransitStorageKeys.KeysConfig"/>): settings shared by every key of a mount.</summary>
internal sealed record KeysConfigRecord
{
    [JsonPropertyName("disable_upsert")]
    public bool DisableUpsert { get; init; }
}
