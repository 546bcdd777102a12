using System.Text.Json.Nodes;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Audit;

/// <summary>CVE-2025-6000: a file device's file_path from the API cannot leave the folder the server configured.</summary>
public sealed class AuditFilePathTests
{
    [Theory]
    [InlineData("../escape.log", "must not contain \"..\"")]
    [InlineData("logs/../../escape.log", "must not contain \"..\"")]
    [InlineData("/etc/vault-audit.log", "must lie in the audit folder")]
    public async Task Enable_PathOutsideRoot_Returns400(string filePath, string message)
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        VaultAssert.ErrorContaining(await EnableFileAsync(vault, filePath), 400, message);

        Assert.Empty(VaultAssert.Ok(await vault.ReadAsync("sys/audit")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(capture.Root)!, "escape.log")));
    }

    [Fact]
    public async Task Enable_SymlinkLeadingOutside_Returns400()
    {
        using var capture = new AuditCapture();
        using var outside = new AuditCapture();
        using var vault = await capture.VaultAsync();
        Directory.CreateSymbolicLink(Path.Combine(capture.Root, "link"), outside.Root);
        File.CreateSymbolicLink(Path.Combine(capture.Root, "file.log"), Path.Combine(outside.Root, "target.log"));

        VaultAssert.ErrorContaining(await EnableFileAsync(vault, "link/audit.log"), 400, "symbolic link");
        VaultAssert.ErrorContaining(await EnableFileAsync(vault, "file.log"), 400, "symbolic link");

        Assert.Empty(Directory.GetFileSystemEntries(outside.Root));
    }

    [Fact]
    public async Task Enable_AbsolutePathInsideRoot_Accepted()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        VaultAssert.NoContent(await EnableFileAsync(vault, Path.Combine(capture.Root, "abs.log")));

        Assert.True(File.Exists(Path.Combine(capture.Root, "abs.log")));
    }

    [Fact]
    public async Task Enable_NoRootConfigured_Returns400ButStdoutAllowed()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        vault.Get<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value.FileRoot = null;

        VaultAssert.ErrorContaining(await EnableFileAsync(vault, "audit.log"), 400, "Vault:Audit:FileRoot");
        VaultAssert.NoContent(await EnableFileAsync(vault, "stdout"));
        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self"));
        Assert.NotEmpty(capture.Entries());
    }

    [Theory]
    [InlineData("0755", "executable")]
    [InlineData("rw", "octal")]
    public async Task Enable_BadMode_Returns400(string mode, string message)
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        var response = await vault.WriteAsync("sys/audit/file", new JsonObject
        {
            ["type"] = "file",
            ["options"] = new JsonObject { ["file_path"] = "audit.log", ["mode"] = mode },
        });

        VaultAssert.ErrorContaining(response, 400, message);
        Assert.False(File.Exists(Path.Combine(capture.Root, "audit.log")));
    }

    private static Task<VaultResponse?> EnableFileAsync(TestVault vault, string filePath) =>
        vault.WriteAsync("sys/audit/file", new JsonObject { ["type"] = "file", ["options"] = new JsonObject { ["file_path"] = filePath } });
}
