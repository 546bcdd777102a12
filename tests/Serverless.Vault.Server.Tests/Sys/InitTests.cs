using System.Net;

namespace Serverless.Vault.Server.Tests.Sys;

/// <summary>A non-dev server: uninitialised until sys/init, which hands out the root token once.</summary>
public sealed class InitTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync() =>
        _vault = await VaultHost.StartServerAsync("Vault:Seal:Type=local", $"Vault:Seal:Key={VaultHost.NewSealKey()}");

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Uninitialised_HealthIs501AndOtherPathsAre503()
    {
        using var health = await _vault.SendAsync(HttpMethod.Get, "sys/health");
        var body = await HttpResponseAssert.JsonAsync(health, (HttpStatusCode)501);
        Assert.False(body["initialized"]!.GetValue<bool>());
        Assert.True(body["sealed"]!.GetValue<bool>());
        Assert.Null(body["cluster_id"]);

        using var custom = await _vault.SendAsync(HttpMethod.Get, "sys/health?uninitcode=200");
        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);

        using var mounts = await _vault.SendAsync(HttpMethod.Get, "sys/mounts", token: "anything");
        Assert.Equal(["Vault is sealed"], await HttpResponseAssert.ErrorAsync(mounts, HttpStatusCode.ServiceUnavailable));

        var initStatus = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/init");
        Assert.False(initStatus["initialized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Init_First_ReturnsRootTokenThatWorks_SecondIsRefused()
    {
        var init = await _vault.ReadJsonAsync(HttpMethod.Put, "sys/init", new { secret_shares = 1, secret_threshold = 1 });
        var rootToken = init["root_token"]!.GetValue<string>();
        Assert.StartsWith("hvs.", rootToken, StringComparison.Ordinal);
        Assert.Equal(28, rootToken.Length);
        Assert.Empty(init["keys"]!.AsArray());

        var mounts = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts", token: rootToken);
        Assert.NotNull(mounts["data"]!["sys/"]);

        using var again = await _vault.SendAsync(HttpMethod.Put, "sys/init", new { });
        await HttpResponseAssert.ErrorAsync(again, HttpStatusCode.BadRequest);

        using var health = await _vault.SendAsync(HttpMethod.Get, "sys/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
