using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Infra.Tests;

/// <summary>
/// The pinned Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (infra/tools/bicep.csproj), restored
/// into &lt;repo&gt;/.tools/bicep once per checkout, as infra/check.sh does for CI.
/// </summary>
public static class BicepCli
{
    private const string Version = "0.49.2";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<string> EnsureInstalledAsync()
    {
        var packages = Path.Combine(RepositoryRoot.ToolsFolder(), "bicep");
        var path = Path.Combine(packages, "azure.bicep.commandline.linux-x64", Version, "tools", "bicep");
        if (File.Exists(path))
        {
            return path;
        }

        await using var installLock = await ToolInstallLock.AcquireAsync("bicep", Timeout + TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        if (!File.Exists(path))
        {
            var project = Path.Combine(RepositoryRoot.Find(), "infra", "tools", "bicep.csproj");
            await ProcessRunner.RunCheckedAsync("dotnet", ["restore", project, "--packages", packages], Timeout).ConfigureAwait(false);
        }

        // The package is linux-x64 only, like the machines CI runs on; NuGet does not keep the executable bit.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The pinned Bicep CLI package is linux-x64.");
        }

        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Runs the CLI; Bicep reports warnings with exit code 0, so callers read <see cref="ProcessResult.Output"/> too.</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? workingDirectory = null) =>
        await ProcessRunner.RunAsync(await EnsureInstalledAsync().ConfigureAwait(false), arguments, Timeout, workingDirectory).ConfigureAwait(false);
}
