using Serverless.Vault.Load.Config;
using Serverless.Vault.Load.Measurement;

namespace Serverless.Vault.Load.Reporting;

/// <summary>Evaluates the config's ratios on a run's results.</summary>
internal static class Ratios
{
    public static IReadOnlyList<RatioResult> Evaluate(IReadOnlyList<RatioConfig> ratios, IReadOnlyList<TestResult> tests)
    {
        var byName = tests.ToDictionary(t => t.Name);
        return [.. ratios.Select(r => Evaluate(r, byName[r.Subject], byName[r.Baseline]))];
    }

    private static RatioResult Evaluate(RatioConfig ratio, TestResult subject, TestResult baseline)
    {
        var throughput = ratio.Kind == "throughput";
        var value = throughput ? Divide(subject.EffectiveRate, baseline.EffectiveRate) : Divide(subject.P50Ms, baseline.P50Ms);
        return new RatioResult
        {
            Name = ratio.Name,
            Subject = ratio.Subject,
            Baseline = ratio.Baseline,
            Kind = ratio.Kind,
            Target = ratio.Target,
            Value = value,
            Met = !double.IsNaN(value) && (throughput ? value >= ratio.Target : value <= ratio.Target),
        };
    }

    private static double Divide(double a, double b) => b == 0 ? double.NaN : a / b;
}
