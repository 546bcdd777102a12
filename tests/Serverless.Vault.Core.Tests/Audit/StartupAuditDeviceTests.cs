using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Audit;

/// <summary>Vault:Audit:StartupDevice: what the Function App's settings use to send entries to Application Insights.</summary>
public sealed class StartupAuditDeviceTests
{
    [Fact]
    public async Task StdoutStartupDevice_EnabledOnFirstRequest_RecordsWithoutAnyoneCallingSysAudit()
    {
        using var stdout = new StringWriter();
        using var vault = await TestVault.InitializedAsync(StartupStdout(stdout));

        VaultAssert.NoContent(await vault.WriteAsync("sys/policies/acl/canary", new JsonObject { ["policy"] = "path \"x\" { capabilities = [\"read\"] }" }));

        var devices = VaultAssert.Ok(await vault.ReadAsync("sys/audit"));
        Assert.Equal("stdout", devices["stdout/"]!["type"]!.GetValue<string>());
        Assert.Contains("\"path\":\"sys/policies/acl/canary\"", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupDevice_SecondInstance_DoesNotAddAnotherDevice()
    {
        using var stdout = new StringWriter();
        using var first = await TestVault.InitializedAsync(StartupStdout(stdout));
        VaultAssert.Ok(await first.ReadAsync("sys/audit"));
        var salt = await SaltAsync(first);

        using var second = first.SecondInstance();
        VaultAssert.Ok(await second.ReadAsync("sys/audit"));

        var devices = VaultAssert.Ok(await second.ReadAsync("sys/audit"));
        Assert.Single(devices, device => device.Value?["type"]?.GetValue<string>() == "stdout");
        Assert.Equal(salt, await SaltAsync(second));
    }

    [Fact]
    public async Task StartupDevice_UnknownType_RefusedAtStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestVault.InitializedAsync(services => services.Configure<AuditOptions>(options => options.StartupDevice = "file")));
        Assert.Contains("StartupDevice", error.Message, StringComparison.Ordinal);
    }

    private static Action<IServiceCollection> StartupStdout(StringWriter stdout) => services =>
    {
        services.AddSingleton(new StdoutAuditSink(stdout));
        services.Configure<AuditOptions>(options => options.StartupDevice = "stdout");
    };

    private static async Task<string> SaltAsync(TestVault vault) =>
        Assert.Single(await vault.Services.GetRequiredService<AuditStore>().GetFreshAsync(CancellationToken.None)).Salt;
}
