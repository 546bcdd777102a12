using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Leases;

/// <summary>A minute marker's value: the sweeper's claim on the marker's group of due leases, when one holds it.</summary>
internal sealed record LeaseMarker
{
    [JsonPropertyName("claim_owner")]
    public string ClaimOwner { get; init; } = "";

    /// <summary>Unix seconds after which the claim lapses and another sweeper may take the group over.</summary>
    [JsonPropertyName("claim_until")]
    public long ClaimUntil { get; init; }
}
