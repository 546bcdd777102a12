using System.Text.Json.Serialization;

namespace Serverless.Vault.Load.Config;

/// <summary>
/// A declared ratio between two tests of the run and its target: kind "throughput" is subject effective rate over
/// the baseline's and must reach the target; kind "p50" is subject p50 over the baseline's and must stay at or under it.
/// </summary>
internal sealed record RatioConfig
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("subject")] public string Subject { get; init; } = "";

    [JsonPropertyName("baseline")] public string Baseline { get; init; } = "";

    [JsonPropertyName("kind")] public string Kind { get; init; } = "throughput";

    [JsonPropertyName("target")] public double Target { get; init; }
}
