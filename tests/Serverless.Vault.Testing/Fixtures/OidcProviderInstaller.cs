namespace Serverless.Vault.Testing.Fixtures;

/// <summary>The pinned node-oidc-provider from npm, installed once per checkout into &lt;repo&gt;/.tools/oidc-provider.</summary>
internal static class OidcProviderInstaller
{
    // 8.x runs on Node 20 (9.x wants a newer Node line); 8.8.1 is the last of it.
    public const string Version = "8.8.1";

    /// <summary>Returns the path of the package's ESM entry point (lib/index.js).</summary>
    public static Task<string> EnsureInstalledAsync() =>
        NpmTool.EnsureInstalledAsync("oidc-provider", "oidc-provider", Version, Path.Combine("lib", "index.js"));
}
