using System.Globalization;

namespace Serverless.Vault.Bench.Measurement;

/// <summary>Prints the ratios (the figures that count) and then the raw rates they came from.</summary>
internal static class ReportTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, IReadOnlyList<ComparisonResult> results)
    {
        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"{"ratio",-62} {"median",8} {"min",8} {"max",8}  {"target",8}  verdict"));
        foreach (var result in results)
        {
            foreach (var (ratio, values) in result.RatioValues)
            {
                var stats = Stats.Of(values.ToArray());
                output.WriteLine(string.Create(Invariant, $"{ratio.Name,-62} {stats.Median,7:0.000}x {stats.Min,7:0.000}x {stats.Max,7:0.000}x  {ratio.TargetText,8}  {ratio.Verdict(stats.Median)}"));
            }
        }

        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"{"side (items per second; us per item at the median)",-62} {"median",10} {"min",10} {"max",10} {"us/item",9}"));
        foreach (var result in results)
        {
            foreach (var (name, values) in result.Rates)
            {
                var stats = Stats.Of(values.ToArray());
                output.WriteLine(string.Create(Invariant, $"{name,-62} {stats.Median,10:N0} {stats.Min,10:N0} {stats.Max,10:N0} {1e6 / stats.Median,9:0.00}"));
            }
        }
    }
}
