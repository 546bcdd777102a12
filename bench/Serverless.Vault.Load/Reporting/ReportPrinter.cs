using System.Globalization;

namespace Serverless.Vault.Load.Reporting;

/// <summary>Prints a report as a table: one row per test, then each ratio next to its target.</summary>
internal static class ReportPrinter
{
    public static void Print(LoadReport report, TextWriter output)
    {
        var mode = report.Mode == "open" ? $"open loop at {report.Rate}/s, at most {report.Workers} in flight" : $"closed loop, {report.Workers} workers";
        output.WriteLine(Invariant($"{report.Address}: {mode}, {report.ElapsedSeconds:F1} s"));
        output.WriteLine($"{"test",-22}{"count",10}{"rate/s",10}{"eff/s",10}{"mean ms",10}{"p50",9}{"p95",9}{"p99",9}{"max",9}{"ok",9}");
        foreach (var t in report.Tests)
        {
            output.WriteLine(Invariant($"{t.Name,-22}{t.Count,10}{t.Rate,10:F1}{t.EffectiveRate,10:F1}{t.MeanMs,10:F3}{t.P50Ms,9:F3}{t.P95Ms,9:F3}{t.P99Ms,9:F3}{t.MaxMs,9:F3}{t.SuccessRatio,9:P2}"));
            if (t.FirstError is not null)
            {
                output.WriteLine($"  first error: {t.FirstError}");
            }
        }

        foreach (var r in report.Ratios)
        {
            var relation = r.Kind == "throughput" ? ">=" : "<=";
            var verdict = r.Met ? "met" : "MISSED";
            output.WriteLine(Invariant($"ratio {r.Name}: {r.Subject} / {r.Baseline} ({r.Kind}) = {r.Value:F3}, target {relation} {r.Target} -> {verdict}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
