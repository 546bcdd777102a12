using System.Reflection;
using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Functions.Tests;

/// <summary>
/// What the Functions host will read from the Function App's build output: the generated functions.metadata and the
/// host.json linked in from the repository root. A wrong route prefix or a missing LIST verb breaks every client.
/// </summary>
public sealed class FunctionMetadataTests
{
    /// <summary>functions/Serverless.Vault.Functions/bin/&lt;configuration&gt;/&lt;tfm&gt;, matching the build the tests run against.</summary>
    private static string OutputFolder()
    {
        var configuration = typeof(ApiFunction).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var folder = Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Vault.Functions", "bin", configuration, framework);
        Assert.True(File.Exists(Path.Combine(folder, "Serverless.Vault.Functions.dll")), $"The Function App's build output is not at {folder}.");
        return folder;
    }

    private static JsonArray Metadata() =>
        Assert.IsType<JsonArray>(JsonNode.Parse(File.ReadAllText(Path.Combine(OutputFolder(), "functions.metadata"))));

    private static JsonObject Function(string name) =>
        Assert.Single(Metadata().OfType<JsonObject>(), f => f["name"]?.GetValue<string>() == name);

    [Fact]
    public void ApiFunction_HttpTrigger_CatchAllRouteWithListVerb()
    {
        var trigger = Assert.Single(
            Function(nameof(ApiFunction))["bindings"]!.AsArray().OfType<JsonObject>(),
            b => b["type"]?.GetValue<string>() == "httpTrigger");

        Assert.Equal("v1/{*path}", trigger["route"]!.GetValue<string>());
        Assert.Equal("Anonymous", trigger["authLevel"]!.GetValue<string>());
        var methods = trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToLowerInvariant()).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "head", "post", "put", "delete", "patch", "list" }, methods);
    }

    [Fact]
    public void ApiFunction_EntryPoint_IsRunAsync()
    {
        Assert.Equal("Serverless.Vault.Functions.ApiFunction.RunAsync", Function(nameof(ApiFunction))["entryPoint"]!.GetValue<string>());
    }

    [Fact]
    public void ReencryptionTimer_TimerTrigger_EveryFiveMinutes()
    {
        var trigger = Assert.Single(Function(nameof(ReencryptionTimer))["bindings"]!.AsArray().OfType<JsonObject>());

        Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal("0 */5 * * * *", trigger["schedule"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(nameof(LeaseSweeperTimer), "0 * * * * *")]
    [InlineData(nameof(DatabaseStaticRotationTimer), "0 * * * * *")]
    [InlineData(nameof(TokenTidyTimer), "0 41 * * * *")]
    [InlineData(nameof(TransitAutoRotateTimer), "0 23 * * * *")]
    [InlineData(nameof(KvVersionExpiryTimer), "0 17 * * * *")]
    [InlineData(nameof(OidcStateTidyTimer), "0 7/15 * * * *")]
    public void JobTimers_TimerTrigger_OnTheirSchedules(string function, string schedule)
    {
        var trigger = Assert.Single(Function(function)["bindings"]!.AsArray().OfType<JsonObject>());

        Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal(schedule, trigger["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void HostJson_InOutput_HasEmptyRoutePrefix()
    {
        var host = Assert.IsType<JsonObject>(JsonNode.Parse(File.ReadAllText(Path.Combine(OutputFolder(), "host.json"))));

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }
}
