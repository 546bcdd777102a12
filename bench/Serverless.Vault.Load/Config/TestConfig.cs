using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Load.Config;

/// <summary>One weighted test of the run: its type (e.g. kvv2_read), an optional name, its share of requests and its options.</summary>
internal sealed record TestConfig
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";

    /// <summary>The name in the report and in ratios; the type when left out. Two tests of one type need names.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>Percent of requests; the weights of a run sum to 100.</summary>
    [JsonPropertyName("weight")] public double Weight { get; init; }

    [JsonPropertyName("options")] public JsonObject? Options { get; init; }

    [JsonIgnore] public string DisplayName => Name ?? Type;
}
