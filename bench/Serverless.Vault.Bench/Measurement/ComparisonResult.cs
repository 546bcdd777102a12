namespace Serverless.Vault.Bench.Measurement;

/// <summary>Per side its item rates, per ratio its per-round values, one entry per round.</summary>
internal sealed record ComparisonResult(
    Comparison Comparison,
    IReadOnlyDictionary<string, IReadOnlyList<double>> Rates,
    IReadOnlyDictionary<Ratio, IReadOnlyList<double>> RatioValues);
