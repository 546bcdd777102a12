namespace Serverless.Vault.Testing.Fixtures;

/// <summary>
/// Installs one pinned npm package into &lt;repo&gt;/.tools/&lt;folder&gt; once per checkout. Test processes of several
/// projects start in parallel, so the install runs under a file lock and is marked complete only when npm succeeded.
/// </summary>
public static class NpmTool
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Installs <paramref name="package"/>@<paramref name="version"/> unless already there and returns the path of
    /// <paramref name="entry"/> (relative to the folder's node_modules/&lt;package&gt;), which must exist afterwards.
    /// </summary>
    public static async Task<string> EnsureInstalledAsync(string folderName, string package, string version, string entry)
    {
        var folder = Path.Combine(RepositoryRoot.ToolsFolder(), folderName);
        var path = Path.Combine(folder, "node_modules", package, entry);
        var complete = Path.Combine(folder, $".installed-{version}");
        if (File.Exists(complete) && File.Exists(path))
        {
            return path;
        }

        await using var installLock = await ToolInstallLock.AcquireAsync(folderName, InstallTimeout + TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        if (File.Exists(complete) && File.Exists(path))
        {
            return path; // Another test process installed it while this one waited.
        }

        Directory.CreateDirectory(folder);

        // A package.json of its own keeps npm from walking up to one the repository might have.
        await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), "{ \"name\": \"vault-test-tools\", \"private\": true }\n")
            .ConfigureAwait(false);
        await ProcessRunner.RunCheckedAsync("npm", ["install", "--no-audit", "--no-fund", $"{package}@{version}"], InstallTimeout, folder).ConfigureAwait(false);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"npm installed {package}@{version}, but {path} is missing.");
        }

        await File.WriteAllTextAsync(complete, version).ConfigureAwait(false);
        return path;
    }
}
