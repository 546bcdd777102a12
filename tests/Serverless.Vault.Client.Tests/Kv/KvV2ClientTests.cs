namespace Serverless.Vault.Client.Tests.Kv;

public sealed class KvV2ClientTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task ReadAsync_WrittenSecret_ReturnsDataAndVersion()
    {
        await fixture.Vault.SendAsync(HttpMethod.Post, "secret/data/kv-read", new { data = new { user = "app", password = "p1" } });
        await fixture.Vault.SendAsync(HttpMethod.Post, "secret/data/kv-read", new { data = new { user = "app", password = "p2" } });
        using var client = fixture.Vault.NewClient();

        var latest = await client.KvV2().ReadAsync("kv-read");
        var first = await client.KvV2().ReadAsync("kv-read", version: 1);
        var metadata = await client.KvV2().ReadMetadataAsync("kv-read");

        Assert.NotNull(latest);
        Assert.Equal(2, latest.Version);
        Assert.Equal("p2", latest.Data["password"]!.GetValue<string>());
        Assert.Equal("p1", first!.Data["password"]!.GetValue<string>());
        Assert.Equal(2, metadata!.CurrentVersion);
    }

    [Fact]
    public async Task ReadAsync_MissingSecret_ReturnsNull()
    {
        using var client = fixture.Vault.NewClient();

        Assert.Null(await client.KvV2().ReadAsync("kv-missing"));
        Assert.Null(await client.KvV2().ReadMetadataAsync("kv-missing"));
    }

    [Fact]
    public async Task ReadAsync_BadToken_ThrowsForbiddenWithVaultErrors()
    {
        using var client = fixture.Vault.NewClient(new Client.Auth.TokenAuth("hvs.not-a-token"));

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.KvV2().ReadAsync("kv-any"));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("permission denied", error.Errors);
    }
}
