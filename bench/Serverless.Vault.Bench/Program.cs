using Serverless.Vault.Bench;
using Serverless.Vault.Bench.Audit;
using Serverless.Vault.Bench.Database;
using Serverless.Vault.Bench.Quotas;
using Serverless.Vault.Bench.Transit;

// Usage: dotnet run -c Release --project bench/Serverless.Vault.Bench -- transit|database|quotas|audit [--rounds N] [--seconds S] [--warmup S] [--workers W]
if (args.Length == 0 || args[0] is not ("transit" or "database" or "quotas" or "audit"))
{
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

if (!BenchOptions.TryParse(args.AsSpan(1), out var options, out var error))
{
    await Console.Error.WriteLineAsync(error + Environment.NewLine + BenchOptions.Usage);
    return 2;
}

// One bound for the whole run, on top of each loop's own count and time bounds.
using var deadline = new CancellationTokenSource(options.WallClockLimit);
return args[0] switch
{
    "database" => await DatabaseBenchmarks.RunAsync(options, Console.Out, deadline.Token).ConfigureAwait(false),
    "quotas" => await QuotaBenchmarks.RunAsync(options, Console.Out, deadline.Token).ConfigureAwait(false),
    "audit" => await AuditBenchmarks.RunAsync(options, Console.Out, deadline.Token).ConfigureAwait(false),
    _ => await TransitBenchmarks.RunAsync(options, Console.Out, deadline.Token).ConfigureAwait(false),
};
