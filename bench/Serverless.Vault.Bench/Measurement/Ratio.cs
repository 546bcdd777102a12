namespace Serverless.Vault.Bench.Measurement;

/// <summary>
/// A row of the report: a ratio computed per round from rates measured in that same round, so slow phases of a noisy
/// machine hit subject and baseline alike. <see cref="Target"/> null marks an informational row.
/// </summary>
internal sealed record Ratio(string Name, RatioKind Kind, double? Target, Func<IReadOnlyDictionary<string, double>, double> Compute)
{
    /// <summary>subject vs baseline by side name.</summary>
    public static Ratio Of(string name, RatioKind kind, double? target, string subject, string baseline) =>
        new(name, kind, target, rates => kind == RatioKind.Throughput ? rates[subject] / rates[baseline] : rates[baseline] / rates[subject]);

    public string Verdict(double median) => Target switch
    {
        null => "info",
        { } t when Kind == RatioKind.Throughput => median >= t ? "met" : "MISSED",
        { } t => median <= t ? "met" : "MISSED",
    };

    public string TargetText => Target switch
    {
        null => "-",
        { } t => (Kind == RatioKind.Throughput ? ">= " : "<= ") + t.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "x",
    };
}
