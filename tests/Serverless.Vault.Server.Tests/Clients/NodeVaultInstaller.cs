using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Clients;

/// <summary>The pinned node-vault from npm, installed once per checkout into &lt;repo&gt;/.tools/node-vault.</summary>
internal static class NodeVaultInstaller
{
    public const string Version = "0.12.0";

    /// <summary>Returns the node_modules folder that holds node-vault, for NODE_PATH.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        var manifest = await NpmTool.EnsureInstalledAsync("node-vault", "node-vault", Version, "package.json");
        return Path.GetDirectoryName(Path.GetDirectoryName(manifest)!)!;
    }
}
