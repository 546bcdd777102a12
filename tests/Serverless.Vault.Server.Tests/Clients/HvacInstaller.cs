using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Clients;

/// <summary>
/// Makes sure Debian's python3-hvac (hvac 0.11.2, the version vault-api.md §10.1 describes) is importable by the system
/// Python. Installs it with apt-get when missing and the tests run as root (as in CI); otherwise fails saying what to
/// install. The system interpreter is used on purpose: a pyenv or virtualenv python does not see Debian's packages.
/// </summary>
internal static class HvacInstaller
{
    public const string Python = "/usr/bin/python3";

    public const string Version = "0.11.2";

    private const string Package = "python3-hvac";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private static readonly Dictionary<string, string> Noninteractive = new() { ["DEBIAN_FRONTEND"] = "noninteractive" };

    public static async Task EnsureInstalledAsync()
    {
        if (await InstalledVersionAsync() == Version)
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException(
                $"hvac {Version} is missing from {Python}: run `sudo apt-get install -y {Package}` (the tests install it themselves only as root).");
        }

        await using var installLock = await ToolInstallLock.AcquireAsync("apt", InstallTimeout + TimeSpan.FromMinutes(1));
        if (await InstalledVersionAsync() is null)
        {
            var install = await InstallAsync();
            if (install.ExitCode != 0)
            {
                // A fresh machine may have no package lists yet.
                await ProcessRunner.RunCheckedAsync("apt-get", ["update", "-q"], InstallTimeout, environment: Noninteractive);
                install = await InstallAsync();
            }

            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"`apt-get install -y {Package}` failed with {install.ExitCode}:\n{install.Output}");
            }
        }

        var installed = await InstalledVersionAsync();
        if (installed != Version)
        {
            throw new InvalidOperationException(
                $"{Python} has hvac {installed ?? "(none)"}, but these tests pin hvac {Version} (Debian's {Package}); install that version.");
        }
    }

    private static Task<ProcessResult> InstallAsync() =>
        ProcessRunner.RunAsync("apt-get", ["install", "-y", "-q", "--no-install-recommends", Package], InstallTimeout, environment: Noninteractive);

    private static async Task<string?> InstalledVersionAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: install Debian's python3 (`apt-get install -y python3 {Package}`).");
        }

        var result = await ProcessRunner.RunAsync(Python, ["-c", "import importlib.metadata, hvac; print(importlib.metadata.version(\"hvac\"))"], TimeSpan.FromSeconds(30));
        return result.ExitCode == 0 ? result.Output.Trim() : null;
    }
}
