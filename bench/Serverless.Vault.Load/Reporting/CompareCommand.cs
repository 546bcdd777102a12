using System.Globalization;
using System.Text.Json;
using Serverless.Vault.Load.Measurement;

namespace Serverless.Vault.Load.Reporting;

/// <summary><c>compare a.json b.json</c>: two reports side by side, per test and figure, with the ratio b / a.</summary>
internal static class CompareCommand
{
    private static readonly (string Label, Func<TestResult, double> Read)[] Figures =
    [
        ("count", t => t.Count),
        ("rate/s", t => t.Rate),
        ("effective/s", t => t.EffectiveRate),
        ("mean ms", t => t.MeanMs),
        ("p50 ms", t => t.P50Ms),
        ("p95 ms", t => t.P95Ms),
        ("p99 ms", t => t.P99Ms),
        ("max ms", t => t.MaxMs),
        ("success", t => t.SuccessRatio),
    ];

    public static LoadReport Read(string path) =>
        JsonSerializer.Deserialize<LoadReport>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} holds no report");

    public static void Print(LoadReport a, LoadReport b, TextWriter output)
    {
        output.WriteLine($"{"test",-22}{"figure",-13}{"A",14}{"B",14}{"B/A",10}");
        var names = a.Tests.Select(t => t.Name).Union(b.Tests.Select(t => t.Name));
        foreach (var name in names)
        {
            var left = a.Tests.FirstOrDefault(t => t.Name == name);
            var right = b.Tests.FirstOrDefault(t => t.Name == name);
            foreach (var (label, read) in Figures)
            {
                var x = left is null ? double.NaN : read(left);
                var y = right is null ? double.NaN : read(right);
                var ratio = x == 0 || double.IsNaN(x) || double.IsNaN(y) ? "-" : (y / x).ToString("F3", CultureInfo.InvariantCulture);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22}{label,-13}{Cell(x),14}{Cell(y),14}{ratio,10}"));
            }
        }
    }

    private static string Cell(double value) => double.IsNaN(value) ? "-" : value.ToString("0.###", CultureInfo.InvariantCulture);
}
