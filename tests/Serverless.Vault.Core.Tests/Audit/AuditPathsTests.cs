using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Audit;

public sealed class AuditPathsTests
{
    [Fact]
    public async Task Enable_Stdout_ListedWithOptions()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/audit/out", new JsonObject
        {
            ["type"] = "stdout",
            ["description"] = "to the console",
            ["options"] = new JsonObject { ["prefix"] = "AUDIT " },
        }));

        var response = await vault.ReadAsync("sys/audit");
        var device = VaultAssert.Ok(response)["out/"]!;
        Assert.True(response!.CopyDataToTopLevel);
        Assert.Equal("stdout", device["type"]!.GetValue<string>());
        Assert.Equal("to the console", device["description"]!.GetValue<string>());
        Assert.Equal("AUDIT ", device["options"]!["prefix"]!.GetValue<string>());
        Assert.Equal("out/", device["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_NoDevices_EmptyData()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        Assert.Empty(VaultAssert.Ok(await vault.ReadAsync("sys/audit")));
    }

    [Fact]
    public async Task Enable_PathInUse_Returns400()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "out", "stdout");

        VaultAssert.Error(await vault.WriteAsync("sys/audit/out/", new JsonObject { ["type"] = "stdout" }), 400, "path already in use at \"out/\"");
        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/audit/out/nested", new JsonObject { ["type"] = "stdout" }), 400, "path already in use");
    }

    [Theory]
    [InlineData("socket", "unknown backend type: \"socket\"")]
    [InlineData("", "type is required")]
    public async Task Enable_BadType_Returns400(string type, string message)
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/audit/x", new JsonObject { ["type"] = type }), 400, message);
        Assert.Empty(VaultAssert.Ok(await vault.ReadAsync("sys/audit")));
    }

    [Theory]
    [InlineData("format", "jsonx", "\"jsonx\" is not supported")]
    [InlineData("log_raw", "maybe", "unable to parse 'log_raw'")]
    [InlineData("hmac_accessor", "2", "unable to parse 'hmac_accessor'")]
    public async Task Enable_BadOption_Returns400(string option, string value, string message)
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        var response = await vault.WriteAsync("sys/audit/x", new JsonObject { ["type"] = "stdout", ["options"] = new JsonObject { [option] = value } });

        VaultAssert.ErrorContaining(response, 400, message);
        Assert.Empty(VaultAssert.Ok(await vault.ReadAsync("sys/audit")));
    }

    [Fact]
    public async Task Disable_RemovesDevice_AndMissingDeviceSucceeds()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "out", "stdout");

        VaultAssert.NoContent(await vault.DeleteAsync("sys/audit/out"));
        VaultAssert.NoContent(await vault.DeleteAsync("sys/audit/never-enabled"));

        Assert.Empty(VaultAssert.Ok(await vault.ReadAsync("sys/audit")));
    }

    [Fact]
    public async Task AuditHash_UnknownDevice_Returns400()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();

        VaultAssert.Error(await vault.WriteAsync("sys/audit-hash/nope", new JsonObject { ["input"] = "x" }), 400, "unknown audit backend \"nope/\"");
    }

    [Fact]
    public async Task AuditHash_ReEnabledDevice_GetsNewSalt()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        await AuditCapture.EnableAsync(vault, "out", "stdout");
        var first = await AuditCapture.HashAsync(vault, "out", "value");

        VaultAssert.NoContent(await vault.DeleteAsync("sys/audit/out"));
        await AuditCapture.EnableAsync(vault, "out", "stdout");
        var second = await AuditCapture.HashAsync(vault, "out", "value");

        Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Enable_TokenWithoutSudo_PermissionDenied()
    {
        using var capture = new AuditCapture();
        using var vault = await capture.VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/policies/acl/auditor", new JsonObject
        {
            ["policy"] = "path \"sys/audit*\" { capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"] }",
        }));
        var created = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("auditor") });
        var token = created!.Auth!["client_token"]!.GetValue<string>();

        VaultAssert.Error(await vault.WriteAsync("sys/audit/out", new JsonObject { ["type"] = "stdout" }, token), 403, "permission denied");
        VaultAssert.Error(await vault.ReadAsync("sys/audit", token), 403, "permission denied");
        Assert.Empty(VaultAssert.Ok(await vault.ReadAsync("sys/audit")));
    }
}
