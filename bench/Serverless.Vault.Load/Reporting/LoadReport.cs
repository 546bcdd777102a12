using System.Text.Json.Serialization;
using Serverless.Vault.Load.Measurement;

namespace Serverless.Vault.Load.Reporting;

/// <summary>The JSON report of one run: how it ran, each test's figures and each declared ratio against its target.</summary>
internal sealed record LoadReport
{
    [JsonPropertyName("started_at")] public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("address")] public string Address { get; init; } = "";

    /// <summary>"open" (fixed arrival rate) or "closed" (workers back to back).</summary>
    [JsonPropertyName("mode")] public string Mode { get; init; } = "closed";

    [JsonPropertyName("rate")] public double? Rate { get; init; }

    [JsonPropertyName("workers")] public int Workers { get; init; }

    [JsonPropertyName("duration_s")] public double DurationSeconds { get; init; }

    [JsonPropertyName("elapsed_s")] public double ElapsedSeconds { get; init; }

    [JsonPropertyName("tests")] public IReadOnlyList<TestResult> Tests { get; init; } = [];

    [JsonPropertyName("ratios")] public IReadOnlyList<RatioResult> Ratios { get; init; } = [];
}
