using System.Text.Json;
using Serverless.Vault.Load.Config;
using Serverless.Vault.Load.Reporting;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load;

/// <summary>
/// The load tool: <c>run config.json [--out report.json]</c> sends the configured weighted tests and writes a JSON
/// report; <c>compare a.json b.json</c> prints two reports side by side. See bench/README.md, "Load tool".
/// </summary>
internal static class Program
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["run", var path] => await RunAsync(path, null).ConfigureAwait(false),
                ["run", var path, "--out", var report] => await RunAsync(path, report).ConfigureAwait(false),
                ["compare", var a, var b] => Compare(a, b),
                _ => Usage(),
            };
        }
        catch (LoadConfigException e)
        {
            await Console.Error.WriteLineAsync("config error: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is Client.VaultCallException or HttpRequestException or IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Runs a config and writes the report; returns the report for callers that want it (the tests).</summary>
    public static async Task<LoadReport> RunAsync(LoadConfig config, string reportPath, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        var report = await new LoadRunner(config, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, Indented), cancellationToken).ConfigureAwait(false);
        ReportPrinter.Print(report, output);
        await output.WriteLineAsync($"report: {reportPath}").ConfigureAwait(false);
        return report;
    }

    private static async Task<int> RunAsync(string path, string? reportPath)
    {
        var config = ConfigLoader.Load(path);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var target = reportPath ?? config.Report ?? "load-report.json";
        await RunAsync(config, target, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false);
        return 0;
    }

    private static int Compare(string a, string b)
    {
        CompareCommand.Print(CompareCommand.Read(a), CompareCommand.Read(b), Console.Out);
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: run <config.json> [--out report.json] | compare <a.json> <b.json>");
        return 2;
    }
}
