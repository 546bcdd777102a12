using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>Vault's backup_info / restore_info: when a key was backed up or restored, and its latest version then.</summary>
internal sealed record KeyBackupInfo
{
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("version")]
    public required long Version { get; init; }
}
