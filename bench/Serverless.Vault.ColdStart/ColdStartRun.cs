using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.ColdStart;

/// <summary>
/// Issue 10's cold start: from process start to the first successful KV v2 read on the Kestrel host (Azurite storage,
/// a seal that takes 50 ms per unwrap like Key Vault), against a hello-world ASP.NET Core app started the same way
/// (dotnet &lt;this dll&gt;), alternating, several rounds. Target: vault at most hello-world + 1.5 s.
/// </summary>
internal static class ColdStartRun
{
    public static readonly TimeSpan UnwrapDelay = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var rounds = args.Length == 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        output.WriteLine($"Serverless Vault cold start, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync().ConfigureAwait(false);
        try
        {
            var root = "cold-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            string[] storage =
            [
                $"--Vault:Storage:ConnectionString={azurite.ConnectionString}",
                $"--Vault:Storage:TableName={AzuriteFixture.CreateTableName()}",
                $"--Vault:Seal:Key={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
                "--Logging:LogLevel:Default=Warning",
            ];
            await SeedAsync(storage, root).ConfigureAwait(false);

            var hello = new List<double>();
            var vault = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                hello.Add(await TimeToFirstSuccessAsync(["hello"], "/", token: null).ConfigureAwait(false));
                vault.Add(await TimeToFirstSuccessAsync(["vault", .. storage], "/v1/secret/data/cold", root).ConfigureAwait(false));
                output.WriteLine($"   round {round}/{rounds}: hello-world {hello[^1]:0} ms, vault first KV read {vault[^1]:0} ms");
            }

            var (helloMedian, vaultMedian) = (Median(hello), Median(vault));
            var extra = vaultMedian - helloMedian;
            output.WriteLine();
            output.WriteLine($"median: hello-world {helloMedian:0} ms, vault {vaultMedian:0} ms, difference {extra:0} ms (target <= {Target.TotalMilliseconds:0} ms: {(extra <= Target.TotalMilliseconds ? "met" : "MISSED")})");
            return 0;
        }
        finally
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Dev mode once over the same table: initialises, mounts secret/ (KV v2) with a known root token; then a secret.</summary>
    private static async Task SeedAsync(string[] storage, string root)
    {
        var port = FreePort.Next();
        var recent = new ConcurrentQueue<string>();
        var process = ProcessRunner.StartDrained(Start(["vault", "dev", $"--VAULT_DEV_ROOT_TOKEN_ID={root}", .. storage], port), recent);
        try
        {
            using var client = Client(port, root);
            await WaitForSuccessAsync(client, "/v1/sys/health", process, recent).ConfigureAwait(false);
            using var response = await client.PostAsJsonAsync("/v1/secret/data/cold", new { data = new { k = "cold" } }).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }
        finally
        {
            await ProcessRunner.StopAsync(process).ConfigureAwait(false);
        }
    }

    /// <summary>Milliseconds from starting the process to the first 200 on <paramref name="path"/>.</summary>
    private static async Task<double> TimeToFirstSuccessAsync(string[] args, string path, string? token)
    {
        var port = FreePort.Next();
        var recent = new ConcurrentQueue<string>();
        using var client = Client(port, token);
        var clock = Stopwatch.StartNew();
        var process = ProcessRunner.StartDrained(Start(args, port), recent);
        try
        {
            await WaitForSuccessAsync(client, path, process, recent).ConfigureAwait(false);
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await ProcessRunner.StopAsync(process).ConfigureAwait(false);
        }
    }

    private static async Task WaitForSuccessAsync(HttpClient client, string path, Process process, ConcurrentQueue<string> recent)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}:\n{string.Join('\n', recent)}");
            }

            try
            {
                using var response = await client.GetAsync(path).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        throw new TimeoutException($"no success on {path} within {StartTimeout}:\n{string.Join('\n', recent)}");
    }

    private static ProcessStartInfo Start(string[] args, int port)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { typeof(ColdStartRun).Assembly.Location } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        return start;
    }

    private static HttpClient Client(int port, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Vault-Token", token);
        }

        return client;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
