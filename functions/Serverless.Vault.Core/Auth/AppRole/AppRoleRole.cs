using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>A stored AppRole: who may log in (role_id, bound secret IDs, CIDRs) and what the token gets.</summary>
internal sealed record AppRoleRole
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("role_id")]
    public required string RoleId { get; init; }

    /// <summary>
    /// Random per role and never reused: secret IDs and accessors live under it, so the secret IDs of a deleted role
    /// can never come back to life under a new role of the same name.
    /// </summary>
    [JsonPropertyName("secret_id_prefix")]
    public required string SecretIdPrefix { get; init; }

    [JsonPropertyName("bind_secret_id")]
    public bool BindSecretId { get; init; } = true;

    [JsonPropertyName("secret_id_bound_cidrs")]
    public IReadOnlyList<string> SecretIdBoundCidrs { get; init; } = [];

    [JsonPropertyName("secret_id_num_uses")]
    public long SecretIdNumUses { get; init; }

    [JsonPropertyName("secret_id_ttl")]
    public long SecretIdTtl { get; init; }

    [JsonPropertyName("local_secret_ids")]
    public bool LocalSecretIds { get; init; }

    [JsonPropertyName("token")]
    public TokenParams Token { get; init; } = new();
}
