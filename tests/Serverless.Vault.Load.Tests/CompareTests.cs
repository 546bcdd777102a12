using Serverless.Vault.Load.Measurement;
using Serverless.Vault.Load.Reporting;

namespace Serverless.Vault.Load.Tests;

public sealed class CompareTests
{
    [Fact]
    public void Compare_PrintsBothReportsSideBySide_WithBOverARatios()
    {
        var a = Report(new TestResult { Name = "kvv2_read", Count = 1000, Rate = 500, P50Ms = 2, SuccessRatio = 1 },
            new TestResult { Name = "sys_health", Count = 10, Rate = 5, P50Ms = 1, SuccessRatio = 1 });
        var b = Report(new TestResult { Name = "kvv2_read", Count = 2000, Rate = 1000, P50Ms = 1, SuccessRatio = 0.5 },
            new TestResult { Name = "mix", Count = 7, Rate = 3.5, P50Ms = 4, SuccessRatio = 1 });
        using var output = new StringWriter();

        CompareCommand.Print(a, b, output);

        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        Assert.Matches(@"^kvv2_read\s+rate/s\s+500\s+1000\s+2\.000$", Line(lines, "kvv2_read", "rate/s"));
        Assert.Matches(@"^kvv2_read\s+p50 ms\s+2\s+1\s+0\.500$", Line(lines, "kvv2_read", "p50 ms"));
        Assert.Matches(@"^kvv2_read\s+success\s+1\s+0\.5\s+0\.500$", Line(lines, "kvv2_read", "success"));
        Assert.Matches(@"^sys_health\s+count\s+10\s+-\s+-$", Line(lines, "sys_health", "count"));
        Assert.Matches(@"^mix\s+count\s+-\s+7\s+-$", Line(lines, "mix", "count"));
    }

    [Fact]
    public void Ratios_CompareEffectiveRateOrP50_AgainstTheirTargets()
    {
        var tests = new[]
        {
            new TestResult { Name = "s", EffectiveRate = 80, P50Ms = 3 },
            new TestResult { Name = "b", EffectiveRate = 100, P50Ms = 1 },
        };
        var ratios = new[]
        {
            new Config.RatioConfig { Name = "tp", Subject = "s", Baseline = "b", Kind = "throughput", Target = 0.7 },
            new Config.RatioConfig { Name = "lat", Subject = "s", Baseline = "b", Kind = "p50", Target = 2 },
        };

        var results = Ratios.Evaluate(ratios, tests);

        Assert.Equal(0.8, results[0].Value, 6);
        Assert.True(results[0].Met);
        Assert.Equal(3, results[1].Value, 6);
        Assert.False(results[1].Met);
    }

    private static string Line(string[] lines, string test, string figure) =>
        Assert.Single(lines, l => l.StartsWith(test + " ", StringComparison.Ordinal) && l.Contains(" " + figure + " ", StringComparison.Ordinal));

    private static LoadReport Report(params TestResult[] tests) => new() { Address = "http://127.0.0.1:8200", Workers = 1, Tests = tests };
}
