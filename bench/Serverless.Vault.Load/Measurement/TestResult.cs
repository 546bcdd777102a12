using System.Text.Json.Serialization;

namespace Serverless.Vault.Load.Measurement;

/// <summary>One test's figures in a report. Latencies in milliseconds; in open loop they count from the scheduled send time.</summary>
internal sealed record TestResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("count")] public long Count { get; init; }

    [JsonPropertyName("failures")] public long Failures { get; init; }

    [JsonPropertyName("success_ratio")] public double SuccessRatio { get; init; }

    /// <summary>Completed calls per second of wall time (in a weighted run this follows the weights).</summary>
    [JsonPropertyName("rate")] public double Rate { get; init; }

    /// <summary>Calls per second the workers would reach doing only this test at its measured service time: workers / mean service time.</summary>
    [JsonPropertyName("effective_rate")] public double EffectiveRate { get; init; }

    [JsonPropertyName("mean_ms")] public double MeanMs { get; init; }

    [JsonPropertyName("p50_ms")] public double P50Ms { get; init; }

    [JsonPropertyName("p95_ms")] public double P95Ms { get; init; }

    [JsonPropertyName("p99_ms")] public double P99Ms { get; init; }

    [JsonPropertyName("max_ms")] public double MaxMs { get; init; }

    [JsonPropertyName("first_error")] public string? FirstError { get; init; }
}
