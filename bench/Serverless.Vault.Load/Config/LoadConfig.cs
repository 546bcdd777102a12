using System.Text.Json.Serialization;

namespace Serverless.Vault.Load.Config;

/// <summary>The whole run as read from the JSON config file (see bench/README.md, "Load tool").</summary>
internal sealed record LoadConfig
{
    /// <summary>The Vault-compatible address, e.g. http://127.0.0.1:8200 (without /v1).</summary>
    [JsonPropertyName("address")] public string Address { get; init; } = "";

    /// <summary>The token setup and the tests use; VAULT_TOKEN when left out.</summary>
    [JsonPropertyName("token")] public string? Token { get; init; }

    /// <summary>How long requests are sent: "30s", "2m", "500ms" or plain seconds.</summary>
    [JsonPropertyName("duration")] public string Duration { get; init; } = "10s";

    /// <summary>Closed loop: callers sending back to back. Open loop: the most requests in flight at once.</summary>
    [JsonPropertyName("workers")] public int Workers { get; init; } = 4;

    /// <summary>Open loop when set: requests per second at fixed arrival times; closed loop when absent.</summary>
    [JsonPropertyName("rate")] public double? Rate { get; init; }

    /// <summary>Unmount what setup mounted and undo what it created.</summary>
    [JsonPropertyName("cleanup")] public bool Cleanup { get; init; } = true;

    /// <summary>Where the JSON report goes (the command line's --out wins).</summary>
    [JsonPropertyName("report")] public string? Report { get; init; }

    [JsonPropertyName("tests")] public IReadOnlyList<TestConfig> Tests { get; init; } = [];

    [JsonPropertyName("ratios")] public IReadOnlyList<RatioConfig> Ratios { get; init; } = [];

    [JsonIgnore] public TimeSpan DurationSpan => DurationParser.Parse(Duration);
}
