using System.Runtime.InteropServices;
using System.Text;
using Serverless.Vault.Bench.Measurement;
using Serverless.Vault.Bench.Transit;

namespace Serverless.Vault.Bench.Audit;

/// <summary>
/// The cost of a file audit device: KV v2 reads over HTTP on a host with one enabled against a host with none, both
/// in this process and measured slice by slice in the same rounds.
/// </summary>
internal static class AuditBenchmarks
{
    private const string Audited = "http  GET secret/data/bench, file audit device";
    private const string Plain = "http  GET secret/data/bench, no audit device";
    private const string SecretPath = "secret/data/bench";

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("vault-audit-bench-").FullName;
        try
        {
            // The hosts read Vault:Audit:FileRoot from the environment, as a Function App reads its app settings.
            Environment.SetEnvironmentVariable("Vault__Audit__FileRoot", folder);
            WriteHeader(options, output, folder);
            await using var audited = await HttpVault.StartAsync(cancellationToken).ConfigureAwait(false);
            await using var plain = await HttpVault.StartAsync(cancellationToken).ConfigureAwait(false);
            var file = Path.Combine(folder, "audit.log");
            await SetUpAsync(audited, enableAudit: true, cancellationToken).ConfigureAwait(false);
            await SetUpAsync(plain, enableAudit: false, cancellationToken).ConfigureAwait(false);
            await CheckAsync(audited, plain, file, cancellationToken).ConfigureAwait(false);

            var workers = options.HttpWorkers;
            var comparison = new Comparison(
                "KV v2 read over HTTP with a file audit device vs none",
                [
                    // After each run the file is removed (as log rotation would), so the disk does not fill up; the
                    // device creates it again at the next entry.
                    new(Audited, ct => audited.CallAsync(HttpMethod.Get, SecretPath, null, ct), 1, workers) { AfterRun = _ => Remove(file) },
                    new(Plain, ct => plain.CallAsync(HttpMethod.Get, SecretPath, null, ct), 1, workers),
                ],
                [Ratio.Of("audit: file device / none, KV v2 read throughput", RatioKind.Throughput, 0.7, Audited, Plain)]);
            var result = await ComparisonRunner.RunAsync(comparison, options, output, cancellationToken).ConfigureAwait(false);
            ReportTable.Write(output, [result]);
            return 0;
        }
        finally
        {
            Environment.SetEnvironmentVariable("Vault__Audit__FileRoot", null);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A secret to read (as root: both hosts pay the same token check), and on one host the file device.</summary>
    private static async Task SetUpAsync(HttpVault vault, bool enableAudit, CancellationToken cancellationToken)
    {
        await vault.SendAsync(HttpMethod.Post, SecretPath, Encoding.UTF8.GetBytes("""{"data":{"username":"app","password":"bench-password"}}"""), cancellationToken).ConfigureAwait(false);
        if (enableAudit)
        {
            await vault.SendAsync(HttpMethod.Post, "sys/audit/file", Encoding.UTF8.GetBytes("""{"type":"file","options":{"file_path":"audit.log"}}"""), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Both loops return the secret; only the audited host writes entries, and they hold no plain password.</summary>
    private static async Task CheckAsync(HttpVault audited, HttpVault plain, string file, CancellationToken cancellationToken)
    {
        foreach (var vault in new[] { audited, plain })
        {
            var read = await vault.SendAsync(HttpMethod.Get, SecretPath, null, cancellationToken).ConfigureAwait(false);
            Require(read?["data"]?["data"]?["password"]?.GetValue<string>() == "bench-password", "a KV v2 read did not return the secret");
        }

        var devices = await plain.SendAsync(HttpMethod.Get, "sys/audit", null, cancellationToken).ConfigureAwait(false);
        Require(devices?["data"]?.AsObject().Count == 0, "the baseline host has an audit device");
        var lines = await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false);
        Require(lines.Any(l => l.Contains("\"path\":\"secret/data/bench\"", StringComparison.Ordinal)), "the audited host wrote no entry for the read");
        Require(!lines.Any(l => l.Contains("bench-password", StringComparison.Ordinal)), "the audit file holds the password in plain text");
    }

    private static ValueTask Remove(string file)
    {
        File.Delete(file);
        return ValueTask.CompletedTask;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("benchmark self-check failed: " + message);
        }
    }

    private static void WriteHeader(BenchOptions options, TextWriter output, string folder)
    {
        output.WriteLine($"Serverless Vault audit benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
        output.WriteLine($"settings: {options.Rounds} rounds x {options.SideDuration.TotalSeconds:0.#} s per side, {options.WarmUp.TotalSeconds:0.#} s warm-up, {options.HttpWorkers} HTTP workers; audit file in {folder}");
        output.WriteLine();
    }
}
