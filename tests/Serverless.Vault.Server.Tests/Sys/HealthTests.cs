using System.Net;

namespace Serverless.Vault.Server.Tests.Sys;

/// <summary>sys/health and sys/seal-status on an unsealed dev server.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync() => _vault = await VaultHost.StartDevAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Health_Unsealed_Returns200WithRawBody()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/health", token: "");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.True(body["initialized"]!.GetValue<bool>());
        Assert.False(body["sealed"]!.GetValue<bool>());
        Assert.False(body["standby"]!.GetValue<bool>());
        Assert.Equal("disabled", body["replication_dr_mode"]!.GetValue<string>());
        Assert.StartsWith("vault-cluster-", body["cluster_name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(body["cluster_id"]!.GetValue<string>(), out _));
        Assert.InRange(body["server_time_utc"]!.GetValue<long>(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
        Assert.Null(body["request_id"]);
    }

    [Fact]
    public async Task Health_ActiveCodeParameter_OverridesStatus()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/health?activecode=299&standbyok=true", token: "");
        Assert.Equal(299, (int)response.StatusCode);
    }

    [Fact]
    public async Task Health_InvalidCode_Returns400()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/health?activecode=abc", token: "");
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Health_Head_ReturnsStatusWithoutBody()
    {
        using var response = await _vault.SendAsync(HttpMethod.Head, "sys/health", token: "");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task SealStatus_Unsealed_ReportsSealTypeAndState()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/seal-status", token: "");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("local", body["type"]!.GetValue<string>());
        Assert.True(body["initialized"]!.GetValue<bool>());
        Assert.False(body["sealed"]!.GetValue<bool>());
        Assert.Equal(1, body["t"]!.GetValue<int>());
        Assert.Equal(1, body["n"]!.GetValue<int>());
        Assert.Equal(0, body["progress"]!.GetValue<int>());
        Assert.True(body["recovery_seal"]!.GetValue<bool>());
        Assert.Equal("inmem", body["storage_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Init_AlreadyInitialised_Returns400()
    {
        var status = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/init", token: "");
        Assert.True(status["initialized"]!.GetValue<bool>());
        using var response = await _vault.SendAsync(HttpMethod.Post, "sys/init", new { secret_shares = 1, secret_threshold = 1 }, token: "");
        Assert.Equal(["Vault is already initialized"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }
}
