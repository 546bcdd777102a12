using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Infra.Tests;

/// <summary>
/// What infra/main.bicep would deploy for one set of parameters, evaluated offline by `bicep snapshot` (every resource,
/// with its properties and conditions resolved; deployment-time values such as reference() stay as expressions).
/// </summary>
public sealed class TemplateSnapshot
{
    public const string SubscriptionId = "22222222-2222-2222-2222-222222222222";
    public const string CustomerSubscriptionId = "11111111-1111-1111-1111-111111111111";
    public const string CustomerVnetId =
        "/subscriptions/" + CustomerSubscriptionId + "/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app";

    private static readonly ConcurrentDictionary<string, Lazy<Task<(TemplateSnapshot?, string)>>> Cache = new(StringComparer.Ordinal);

    private TemplateSnapshot(JsonArray resources, JsonObject outputs)
    {
        Resources = [.. resources.OfType<JsonObject>()];
        Outputs = outputs;
    }

    public IReadOnlyList<JsonObject> Resources { get; }

    public JsonObject Outputs { get; }

    /// <summary>
    /// Snapshots main.bicep with <paramref name="parameters"/> (Bicep literals by name, on top of environmentName and
    /// location). Returns the failure text instead when the template refuses the parameters.
    /// </summary>
    public static Task<(TemplateSnapshot? Snapshot, string Output)> TryCreateAsync(IReadOnlyDictionary<string, string> parameters) =>
        // A snapshot takes seconds and several tests read the same deployment: one run per distinct parameter set.
        Cache.GetOrAdd(
            string.Join('\n', parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"param {p.Key} = {p.Value}")),
            lines => new Lazy<Task<(TemplateSnapshot?, string)>>(() => SnapshotAsync(lines))).Value;

    public static async Task<TemplateSnapshot> CreateAsync(IReadOnlyDictionary<string, string> parameters)
    {
        var (snapshot, output) = await TryCreateAsync(parameters).ConfigureAwait(false);
        return snapshot ?? throw new InvalidOperationException("bicep snapshot failed:\n" + output);
    }

    private static async Task<(TemplateSnapshot? Snapshot, string Output)> SnapshotAsync(string parameterLines)
    {
        // Parameter files must name the template by a relative path, and the snapshot is written next to them: work on a copy.
        var folder = Directory.CreateTempSubdirectory("vault-infra-");
        try
        {
            CopyTemplates(Path.Combine(RepositoryRoot.Find(), "infra"), folder.FullName);
            var lines = new List<string> { "using 'main.bicep'", "param environmentName = 'test'", "param location = 'westeurope'" };
            lines.Add(parameterLines);
            var file = Path.Combine(folder.FullName, "test.bicepparam");
            await File.WriteAllLinesAsync(file, lines).ConfigureAwait(false);
            var result = await BicepCli.RunAsync(["snapshot", file, "--subscription-id", SubscriptionId, "--location", "westeurope"], folder.FullName).ConfigureAwait(false);
            var snapshotFile = Path.Combine(folder.FullName, "test.snapshot.json");
            if (result.ExitCode != 0 || !File.Exists(snapshotFile))
            {
                return (null, result.Output);
            }

            var json = JsonNode.Parse(await File.ReadAllTextAsync(snapshotFile).ConfigureAwait(false))!.AsObject();
            return (new TemplateSnapshot(json["predictedResources"]!.AsArray(), json["outputs"]!.AsObject()), result.Output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public IReadOnlyList<JsonObject> OfType(string type) =>
        [.. Resources.Where(resource => string.Equals(resource["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase))];

    public JsonObject Single(string type, string nameContains) =>
        Assert.Single(OfType(type), resource => resource["name"]!.GetValue<string>().Contains(nameContains, StringComparison.Ordinal));

    private static void CopyTemplates(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var template = relative.EndsWith(".bicep", StringComparison.Ordinal) || relative.EndsWith(".json", StringComparison.Ordinal);
            if (template && !relative.StartsWith("tools" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                var destination = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }
    }
}
