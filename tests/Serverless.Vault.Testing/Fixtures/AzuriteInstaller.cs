namespace Serverless.Vault.Testing.Fixtures;

/// <summary>
/// Installs the pinned Azurite from npm into &lt;repo&gt;/.tools/azurite once per checkout. Test processes of several
/// projects start in parallel, so the install runs under a file lock and is marked complete only when npm succeeded.
/// </summary>
internal static class AzuriteInstaller
{
    public const string Version = "3.37.0";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Returns the path of Azurite's Table service entry point (the package's "azurite-table" bin).</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        var tools = RepositoryRoot.ToolsFolder();
        var folder = Path.Combine(tools, "azurite");
        var tableMain = Path.Combine(folder, "node_modules", "azurite", "dist", "src", "table", "main.js");
        var complete = Path.Combine(folder, $".installed-{Version}");
        if (File.Exists(complete) && File.Exists(tableMain))
        {
            return tableMain;
        }

        await using var installLock = await AcquireLockAsync(Path.Combine(tools, "azurite.lock")).ConfigureAwait(false);
        if (File.Exists(complete) && File.Exists(tableMain))
        {
            return tableMain; // Another test process installed it while this one waited.
        }

        Directory.CreateDirectory(folder);

        // A package.json of its own keeps npm from walking up to one the repository might have.
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), "{ \"name\": \"vault-test-tools\", \"private\": true }\n")
            .ConfigureAwait(false);
        await ProcessRunner.RunCheckedAsync(
            "npm", ["install", "--no-audit", "--no-fund", $"azurite@{Version}"], InstallTimeout, folder).ConfigureAwait(false);
        if (!File.Exists(tableMain))
        {
            throw new InvalidOperationException($"npm installed azurite@{Version}, but {tableMain} is missing.");
        }

        await File.WriteAllTextAsync(complete, Version).ConfigureAwait(false);
        return tableMain;
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        // FileShare.None takes an exclusive advisory lock (flock) on Unix; it is released when the stream closes,
        // also when the process dies, so a crashed install never blocks later runs.
        var deadline = DateTime.UtcNow + InstallTimeout + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
            }
        }
    }
}
