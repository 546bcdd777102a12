using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Functions.Tests;

/// <summary>
/// What a deployment ships: `dotnet publish` of the Function App (the package azd uploads) must carry the function
/// metadata the Flex host reads, with the catch-all HTTP route and every timer the project declares.
/// </summary>
public sealed class FunctionPublishTests : IAsyncLifetime
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("vault-publish-");

    public async Task InitializeAsync()
    {
        var configuration = typeof(ApiFunction).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Vault.Functions", "Serverless.Vault.Functions.csproj");
        await ProcessRunner.RunCheckedAsync(
            "dotnet",
            // From the build under test: portable IL (ReadyToRun needs a linux-x64 build, which CI's own publish makes).
            ["publish", project, "-c", configuration, "--no-build", "-p:ReadyToRun=false", "-o", _output.FullName, "-nologo"],
            TimeSpan.FromMinutes(5));
    }

    public Task DisposeAsync()
    {
        _output.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Published_Metadata_HttpCatchAllAndEveryTimer()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(_output.FullName, "functions.metadata")))!.AsArray().OfType<JsonObject>().ToList();
        var bindings = metadata.ToDictionary(
            function => function["name"]!.GetValue<string>(),
            function => function["bindings"]!.AsArray().OfType<JsonObject>().ToList());

        var http = Assert.Single(bindings[nameof(ApiFunction)], binding => binding["type"]!.GetValue<string>() == "httpTrigger");
        Assert.Equal("v1/{*path}", http["route"]!.GetValue<string>());
        var timers = bindings.Where(b => b.Value.Any(binding => binding["type"]!.GetValue<string>() == "timerTrigger")).Select(b => b.Key).Order(StringComparer.Ordinal);
        Assert.NotEmpty(DeclaredTimers());
        Assert.Equal(DeclaredTimers(), timers);
        Assert.True(File.Exists(Path.Combine(_output.FullName, "host.json")), "host.json is missing from the package");
        Assert.True(File.Exists(Path.Combine(_output.FullName, "Serverless.Vault.Functions.dll")), "the worker assembly is missing from the package");
    }

    /// <summary>Every function with a timer trigger in the project's code, so a new timer cannot be left out of the package.</summary>
    private static IEnumerable<string> DeclaredTimers() =>
        typeof(ApiFunction).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .Where(method => method.GetParameters().Any(parameter => parameter.GetCustomAttribute<TimerTriggerAttribute>() is not null))
            .Select(method => method.GetCustomAttribute<FunctionAttribute>()!.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
}
