using System.Text.Json;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Config;

/// <summary>Reads and validates a config; every problem is a <see cref="LoadConfigException"/> saying how to fix it.</summary>
internal static class ConfigLoader
{
    private static readonly JsonSerializerOptions Json = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static LoadConfig Load(string path) => Parse(File.ReadAllText(path));

    public static LoadConfig Parse(string json)
    {
        LoadConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<LoadConfig>(json, Json);
        }
        catch (JsonException e)
        {
            throw new LoadConfigException($"the config is not valid JSON for this tool: {e.Message}");
        }

        config ??= new LoadConfig();
        if (string.IsNullOrEmpty(config.Token))
        {
            config = config with { Token = Environment.GetEnvironmentVariable("VAULT_TOKEN") };
        }

        Validate(config);
        return config;
    }

    public static void Validate(LoadConfig config)
    {
        if (config.Tests.Count == 0)
        {
            throw new LoadConfigException("\"tests\" is empty; list at least one test, e.g. {\"type\": \"sys_health\", \"weight\": 100}");
        }

        var unknown = config.Tests.FirstOrDefault(t => !TestCatalog.Types.Contains(t.Type));
        if (unknown is not null)
        {
            throw new LoadConfigException($"unknown test type \"{unknown.Type}\"; known types: {string.Join(", ", TestCatalog.Types)}");
        }

        if (config.Tests.FirstOrDefault(t => t.Weight <= 0) is { } zero)
        {
            throw new LoadConfigException($"test \"{zero.DisplayName}\" has weight {zero.Weight}; every weight must be above 0");
        }

        var sum = config.Tests.Sum(t => t.Weight);
        if (Math.Abs(sum - 100) > 1e-9)
        {
            var parts = string.Join(" + ", config.Tests.Select(t => $"{t.DisplayName} {t.Weight}"));
            throw new LoadConfigException($"the test weights must sum to 100, but they sum to {sum} ({parts})");
        }

        var duplicate = config.Tests.GroupBy(t => t.DisplayName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new LoadConfigException($"two tests are named \"{duplicate.Key}\"; give each a distinct \"name\"");
        }

        ValidateRun(config);
        foreach (var ratio in config.Ratios)
        {
            ValidateRatio(config, ratio);
        }
    }

    private static void ValidateRun(LoadConfig config)
    {
        _ = config.DurationSpan;
        if (config.Workers < 1)
        {
            throw new LoadConfigException($"workers is {config.Workers}; it must be at least 1");
        }

        if (config.Rate is <= 0)
        {
            throw new LoadConfigException($"rate is {config.Rate}; leave it out for a closed loop or give requests per second above 0");
        }

        if (config.Tests.Any(t => TestCatalog.NeedsVault(t.Type)) && !Uri.TryCreate(config.Address, UriKind.Absolute, out _))
        {
            throw new LoadConfigException($"address \"{config.Address}\" is not an absolute URL such as http://127.0.0.1:8200");
        }
    }

    private static void ValidateRatio(LoadConfig config, RatioConfig ratio)
    {
        var names = config.Tests.Select(t => t.DisplayName).ToHashSet();
        foreach (var side in new[] { ratio.Subject, ratio.Baseline })
        {
            if (!names.Contains(side))
            {
                throw new LoadConfigException($"ratio \"{ratio.Name}\" names test \"{side}\", which is not in \"tests\"");
            }
        }

        if (ratio.Kind is not ("throughput" or "p50"))
        {
            throw new LoadConfigException($"ratio \"{ratio.Name}\" has kind \"{ratio.Kind}\"; use \"throughput\" or \"p50\"");
        }

        if (ratio.Target <= 0)
        {
            throw new LoadConfigException($"ratio \"{ratio.Name}\" needs a target above 0");
        }
    }
}
