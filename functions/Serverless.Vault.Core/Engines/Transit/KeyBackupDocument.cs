using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// What backup/:name encodes (as base64 of this JSON) and restore reads back: the key's stored row, every version's
/// material included, under "policy" as in Vault's KeyData. Vault's own backups are not readable here (its policy JSON
/// names types by number), nor ours by Vault.
/// </summary>
internal sealed record KeyBackupDocument
{
    [JsonPropertyName("policy")]
    public KeyPolicyRecord? Policy { get; init; }
}
