namespace Serverless.Vault.Bench.Measurement;

/// <summary>How a ratio is formed and which direction meets its target.</summary>
internal enum RatioKind
{
    /// <summary>subject rate / baseline rate; the target is a minimum.</summary>
    Throughput,

    /// <summary>subject time per item / baseline time per item; the target is a maximum.</summary>
    Time,
}
