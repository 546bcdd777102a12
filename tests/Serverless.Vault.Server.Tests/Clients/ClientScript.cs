using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Clients;

/// <summary>
/// Runs a client-library script from Clients/Scripts as a child process against a Vault host, from a copy in a temp
/// folder. The script reads VAULT_ADDR and VAULT_TOKEN and writes one JSON object to the file named by RESULT_FILE,
/// which is returned; a non-zero exit fails the test with the script's output.
/// </summary>
internal static class ClientScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The scripts live next to the tests in the checkout, so they can be read and run by hand too.</summary>
    private static string ScriptsFolder =>
        Path.Combine(RepositoryRoot.Find(), "tests", "Serverless.Vault.Server.Tests", "Clients", "Scripts");

    public static async Task<JsonObject> RunAsync(
        string interpreter, string fileName, VaultHost vault, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Directory.CreateTempSubdirectory("vault-client-").FullName;
        try
        {
            var scriptPath = Path.Combine(folder, fileName);
            var resultPath = Path.Combine(folder, "result.json");
            File.Copy(Path.Combine(ScriptsFolder, fileName), scriptPath);
            var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
            {
                ["VAULT_ADDR"] = vault.Address.ToString().TrimEnd('/'),
                ["VAULT_TOKEN"] = vault.RootToken!,
                ["RESULT_FILE"] = resultPath,

                // Loopback only: a proxy from the environment must not catch the calls.
                ["NO_PROXY"] = "127.0.0.1,localhost",
                ["no_proxy"] = "127.0.0.1,localhost",
            };
            var result = await ProcessRunner.RunAsync(interpreter, [scriptPath, .. arguments], Timeout, folder, variables);
            Assert.True(result.ExitCode == 0, $"{interpreter} {fileName} exited with {result.ExitCode}:\n{result.Output}");
            Assert.True(File.Exists(resultPath), $"{fileName} wrote no result:\n{result.Output}");
            return JsonNode.Parse(await File.ReadAllTextAsync(resultPath))!.AsObject();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
