namespace Serverless.Vault.Bench.Measurement;

/// <summary>Sides measured in alternation, round after round, and the ratios read from each round.</summary>
internal sealed record Comparison(string Title, IReadOnlyList<Side> Sides, IReadOnlyList<Ratio> Ratios);
