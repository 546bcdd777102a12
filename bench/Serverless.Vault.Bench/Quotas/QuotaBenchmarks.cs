using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Serverless.Vault.Bench.Measurement;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Bench.Quotas;

/// <summary>
/// What rate-limit quotas cost a request: the same read through <see cref="Serverless.Vault.Core.Pipeline.RequestHandler"/>
/// on a core with no quota, one with a global quota, and one that also sends the rate-limit headers.
/// </summary>
internal static class QuotaBenchmarks
{
    /// <summary>A cheap authenticated read: routing, token, ACL and a cached policy, no engine work.</summary>
    private const string Path = "sys/policies/acl/default";

    private const string NoQuota = "core  read, no quota (baseline)";
    private const string Global = "core  read, global quota";
    private const string WithHeaders = "core  read, global quota + response headers";

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Serverless Vault quota benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        output.WriteLine($"settings: {options.Rounds} rounds x {options.SideDuration.TotalSeconds:0.#} s per side, {options.WarmUp.TotalSeconds:0.#} s warm-up, one thread per side");
        output.WriteLine();

        using var none = await InProcessCore.StartAsync(new InMemoryStorage(), cancellationToken).ConfigureAwait(false);
        using var global = await InProcessCore.StartAsync(new InMemoryStorage(), cancellationToken).ConfigureAwait(false);
        using var headers = await InProcessCore.StartAsync(new InMemoryStorage(), cancellationToken).ConfigureAwait(false);

        // A rate no loop can reach, so every request is counted and none is refused.
        var quota = new JsonObject { ["rate"] = 1e12, ["interval"] = "1s" };
        await global.SendAsync(Operation.Update, "sys/quotas/rate-limit/global", quota, global.RootToken, cancellationToken).ConfigureAwait(false);
        await headers.SendAsync(Operation.Update, "sys/quotas/rate-limit/global", quota.DeepClone().AsObject(), headers.RootToken, cancellationToken).ConfigureAwait(false);
        await headers.SendAsync(Operation.Update, "sys/quotas/config", new JsonObject { ["enable_rate_limit_response_headers"] = true }, headers.RootToken, cancellationToken).ConfigureAwait(false);
        var check = await headers.SendAsync(Operation.Read, Path, [], headers.RootToken, cancellationToken).ConfigureAwait(false);
        if (check?.Headers?.ContainsKey("X-Ratelimit-Limit") != true)
        {
            throw new InvalidOperationException("benchmark self-check failed: the quota sent no rate-limit headers");
        }

        var comparison = new Comparison(
            "Quotas: the same read with and without a quota (one thread)",
            [Read(NoQuota, none), Read(Global, global), Read(WithHeaders, headers)],
            [
                Ratio.Of("global quota / no quota, time", RatioKind.Time, null, Global, NoQuota),
                Ratio.Of("global quota + headers / no quota, time", RatioKind.Time, null, WithHeaders, NoQuota),
            ]);
        var result = await ComparisonRunner.RunAsync(comparison, options, output, cancellationToken).ConfigureAwait(false);
        ReportTable.Write(output, [result]);
        return 0;
    }

    private static Side Read(string name, InProcessCore core) =>
        new(name, async ct => await core.SendAsync(Operation.Read, Path, [], core.RootToken, ct).ConfigureAwait(false), 1, 1);
}
