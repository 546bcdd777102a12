using System.Text.Json.Serialization;

namespace Serverless.Vault.Load.Reporting;

/// <summary>A declared ratio as measured: throughput ratios must reach the target, p50 ratios stay at or under it.</summary>
internal sealed record RatioResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("subject")] public required string Subject { get; init; }

    [JsonPropertyName("baseline")] public required string Baseline { get; init; }

    [JsonPropertyName("kind")] public required string Kind { get; init; }

    [JsonPropertyName("target")] public double Target { get; init; }

    [JsonPropertyName("value")] public double Value { get; init; }

    [JsonPropertyName("met")] public bool Met { get; init; }
}
