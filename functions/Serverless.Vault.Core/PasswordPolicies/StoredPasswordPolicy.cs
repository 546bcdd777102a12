using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.PasswordPolicies;

/// <summary>A password policy as stored: its name and the text it was written with (HCL or JSON, decoded from base64).</summary>
public sealed record StoredPasswordPolicy(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("policy")] string Policy);
