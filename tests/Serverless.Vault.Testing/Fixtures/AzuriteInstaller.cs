namespace Serverless.Vault.Testing.Fixtures;

/// <summary>The pinned Azurite from npm, installed once per checkout into &lt;repo&gt;/.tools/azurite.</summary>
internal static class AzuriteInstaller
{
    public const string Version = "3.37.0";

    /// <summary>Returns the path of Azurite's Table service entry point (the package's "azurite-table" bin).</summary>
    public static Task<string> EnsureInstalledAsync() =>
        NpmTool.EnsureInstalledAsync("azurite", "azurite", Version, Path.Combine("dist", "src", "table", "main.js"));
}
