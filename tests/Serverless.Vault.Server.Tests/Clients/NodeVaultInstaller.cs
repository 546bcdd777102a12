using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Clients;

/// <summary>
/// Installs the pinned node-vault from npm into &lt;repo&gt;/.tools/node-vault once per checkout, under a file lock
/// because test processes start in parallel; marked complete only when npm succeeded.
/// </summary>
internal static class NodeVaultInstaller
{
    public const string Version = "0.12.0";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Returns the node_modules folder that holds node-vault, for NODE_PATH.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        var folder = Path.Combine(RepositoryRoot.ToolsFolder(), "node-vault");
        var modules = Path.Combine(folder, "node_modules");
        var complete = Path.Combine(folder, $".installed-{Version}");
        if (IsInstalled(complete, modules))
        {
            return modules;
        }

        await using var installLock = await ToolInstallLock.AcquireAsync("node-vault", InstallTimeout + TimeSpan.FromMinutes(1));
        if (IsInstalled(complete, modules))
        {
            return modules; // Another test process installed it while this one waited.
        }

        Directory.CreateDirectory(folder);

        // A package.json of its own keeps npm from walking up to one the repository might have.
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), "{ \"name\": \"vault-test-clients\", \"private\": true }\n");
        await ProcessRunner.RunCheckedAsync("npm", ["install", "--no-audit", "--no-fund", $"node-vault@{Version}"], InstallTimeout, folder);
        if (!File.Exists(Path.Combine(modules, "node-vault", "package.json")))
        {
            throw new InvalidOperationException($"npm installed node-vault@{Version}, but {modules}/node-vault is missing.");
        }

        await File.WriteAllTextAsync(complete, Version);
        return modules;
    }

    private static bool IsInstalled(string complete, string modules) =>
        File.Exists(complete) && File.Exists(Path.Combine(modules, "node-vault", "package.json"));
}
