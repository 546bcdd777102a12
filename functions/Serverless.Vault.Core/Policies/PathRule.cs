using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// One <c>path "pattern" { ... }</c> block. Parameter names are lower-cased as Vault stores them; an empty value
/// list means "any value".
/// </summary>
public sealed record PathRule
{
    /// <summary>The pattern as written, without a leading '/', including a trailing '*' if any.</summary>
    public required string Pattern { get; init; }

    public Capability Capabilities { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> AllowedParameters { get; init; } =
        new Dictionary<string, IReadOnlyList<JsonNode?>>();

    public IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> DeniedParameters { get; init; } =
        new Dictionary<string, IReadOnlyList<JsonNode?>>();

    public IReadOnlyList<string> RequiredParameters { get; init; } = [];

    /// <summary>Zero when not set; when set, a request must be wrapped with at least this TTL.</summary>
    public TimeSpan MinWrappingTtl { get; init; }

    /// <summary>Zero when not set; when set, a request must be wrapped with at most this TTL.</summary>
    public TimeSpan MaxWrappingTtl { get; init; }
}
