using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Audit;

/// <summary>A vault whose standard output is captured and whose file devices may write in a fresh temporary folder.</summary>
internal sealed class AuditCapture : IDisposable
{
    public StringWriter Stdout { get; } = new();

    public string Root { get; } = Directory.CreateTempSubdirectory("vault-audit-").FullName;

    /// <summary>An initialised vault wired to this capture; further instances made with SecondInstance share it.</summary>
    public Task<TestVault> VaultAsync() => TestVault.InitializedAsync(services =>
    {
        services.AddSingleton(new StdoutAuditSink(Stdout));
        services.Configure<AuditOptions>(options => options.FileRoot = Root);
    });

    /// <summary>The entries written to standard output so far.</summary>
    public IReadOnlyList<JsonObject> Entries() =>
        Stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToArray();

    /// <summary>The entries of one type whose request path is <paramref name="path"/>.</summary>
    public IReadOnlyList<JsonObject> Entries(string type, string path) =>
        Entries().Where(e => e["type"]!.GetValue<string>() == type && e["request"]!["path"]!.GetValue<string>() == path).ToArray();

    public void Dispose()
    {
        Stdout.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Enables a device and asserts the 204.</summary>
    public static async Task EnableAsync(TestVault vault, string path, string type, JsonObject? options = null)
    {
        VaultAssert.NoContent(await vault.WriteAsync("sys/audit/" + path, new JsonObject { ["type"] = type, ["options"] = options ?? [] }));
    }

    /// <summary>What sys/audit-hash answers for a value on a device.</summary>
    public static async Task<string> HashAsync(TestVault vault, string path, string input) =>
        VaultAssert.Ok(await vault.WriteAsync("sys/audit-hash/" + path, new JsonObject { ["input"] = input }))["hash"]!.GetValue<string>();
}
