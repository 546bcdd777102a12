using System.Text.Json.Nodes;
using Serverless.Vault.Load.Config;
using Serverless.Vault.Load.Reporting;

namespace Serverless.Vault.Load.Tests;

/// <summary>Runs the tool as the command line does, from a config built in the test, into a temporary report file.</summary>
internal static class LoadRun
{
    public static JsonObject Config(string address, string token, string duration, params (string Type, double Weight, JsonObject? Options)[] tests) => new()
    {
        ["address"] = address,
        ["token"] = token,
        ["duration"] = duration,
        ["workers"] = 2,
        ["tests"] = new JsonArray([.. tests.Select(t => (JsonNode)new JsonObject { ["type"] = t.Type, ["weight"] = t.Weight, ["options"] = t.Options })]),
    };

    public static async Task<(LoadReport Report, string Output)> RunAsync(JsonObject config)
    {
        var parsed = ConfigLoader.Parse(config.ToJsonString());
        var path = Path.Combine(Path.GetTempPath(), $"load-report-{Guid.NewGuid():N}.json");
        using var output = new StringWriter();
        try
        {
            var report = await Program.RunAsync(parsed, path, output, TextWriter.Null, CancellationToken.None);
            Assert.Equal(report.Tests.Count, CompareCommand.Read(path).Tests.Count);
            return (report, output.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
