using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Policies;

/// <summary>A policy as stored: its normalised name and the text it was written with (HCL or JSON).</summary>
public sealed record StoredPolicy(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("text")] string Text);
