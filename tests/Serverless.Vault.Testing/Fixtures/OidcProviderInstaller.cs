namespace Serverless.Vault.Testing.Fixtures;

/// <summary>
/// Installs the pinned node-oidc-provider from npm into &lt;repo&gt;/.tools/oidc-provider once per checkout, under a file
/// lock shared by parallel test processes, marked complete only when npm succeeded.
/// </summary>
internal static class OidcProviderInstaller
{
    // 8.x runs on Node 20 (9.x wants a newer Node line); 8.8.1 is the last of it.
    public const string Version = "8.8.1";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Returns the path of the package's ESM entry point (lib/index.js).</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        var tools = RepositoryRoot.ToolsFolder();
        var folder = Path.Combine(tools, "oidc-provider");
        var entry = Path.Combine(folder, "node_modules", "oidc-provider", "lib", "index.js");
        var complete = Path.Combine(folder, $".installed-{Version}");
        if (File.Exists(complete) && File.Exists(entry))
        {
            return entry;
        }

        await using var installLock = await AcquireLockAsync(Path.Combine(tools, "oidc-provider.lock")).ConfigureAwait(false);
        if (File.Exists(complete) && File.Exists(entry))
        {
            return entry;
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), "{ \"name\": \"vault-test-tools\", \"private\": true }\n")
            .ConfigureAwait(false);
        await ProcessRunner.RunCheckedAsync(
            "npm", ["install", "--no-audit", "--no-fund", $"oidc-provider@{Version}"], InstallTimeout, folder).ConfigureAwait(false);
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException($"npm installed oidc-provider@{Version}, but {entry} is missing.");
        }

        await File.WriteAllTextAsync(complete, Version).ConfigureAwait(false);
        return entry;
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
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
