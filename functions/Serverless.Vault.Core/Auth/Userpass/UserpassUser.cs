using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>A stored user: its token settings and the bcrypt hash of its password, never the password itself.</summary>
internal sealed record UserpassUser
{
    [JsonPropertyName("token_params")]
    public TokenParams Token { get; init; } = new();

    [JsonPropertyName("password_hash")]
    public string PasswordHash { get; init; } = "";
}
