using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Database;

/// <summary>A static role's current credentials.</summary>
public sealed record StaticDatabaseCredentials
{
    [JsonPropertyName("username")]
    public string Username { get; init; } = string.Empty;

    [JsonPropertyName("password")]
    public string Password { get; init; } = string.Empty;

    /// <summary>Seconds until the password rotates.</summary>
    [JsonPropertyName("ttl")]
    public long Ttl { get; init; }

    [JsonPropertyName("last_vault_rotation")]
    public DateTimeOffset? LastVaultRotation { get; init; }

    [JsonPropertyName("rotation_period")]
    public long RotationPeriod { get; init; }

    public override string ToString() => $"StaticDatabaseCredentials {{ Username = {Username}, Ttl = {Ttl} }}";
}
