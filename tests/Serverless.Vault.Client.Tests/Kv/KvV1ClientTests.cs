using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Tests.Kv;

public sealed class KvV1ClientTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task WriteAsync_ThenRead_RoundTripsAsObjectAndTyped()
    {
        var mount = await MountKvV1Async();
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV1(mount);

        await kv.WriteAsync("app/db", new Dictionary<string, object> { ["username"] = "app", ["password"] = "p1", ["port"] = 5432 });
        var data = await kv.ReadAsync("app/db");
        var typed = await kv.ReadAsync<DbSecret>("app/db");

        Assert.Equal("p1", data!["password"]!.GetValue<string>());
        Assert.Equal(new DbSecret { Username = "app", Password = "p1", Port = 5432 }, typed);
    }

    [Fact]
    public async Task ReadAsync_MissingSecret_ReturnsNull()
    {
        var mount = await MountKvV1Async();
        using var client = fixture.Vault.NewClient();

        Assert.Null(await client.KvV1(mount).ReadAsync("nothing/here"));
        Assert.Null(await client.KvV1(mount).ReadAsync<DbSecret>("nothing/here"));
    }

    [Fact]
    public async Task ListAsync_FolderWithSecretsAndSubfolder_ListsBoth()
    {
        var mount = await MountKvV1Async();
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV1(mount);
        await kv.WriteAsync("team/a", new { v = "1" });
        await kv.WriteAsync("team/b", new { v = "2" });
        await kv.WriteAsync("team/sub/c", new { v = "3" });

        var keys = await kv.ListAsync("team");
        var root = await kv.ListAsync(string.Empty);
        var empty = await kv.ListAsync("nobody");

        Assert.Equal(["a", "b", "sub/"], keys.Order(StringComparer.Ordinal));
        Assert.Equal(["team/"], root);
        Assert.Empty(empty);
    }

    [Fact]
    public async Task DeleteAsync_ExistingSecret_IsGoneAndDeletingAgainSucceeds()
    {
        var mount = await MountKvV1Async();
        using var client = fixture.Vault.NewClient();
        var kv = client.KvV1(mount);
        await kv.WriteAsync("gone", new { v = "1" });

        await kv.DeleteAsync("gone");
        await kv.DeleteAsync("gone");

        Assert.Null(await kv.ReadAsync("gone"));
    }

    private async Task<string> MountKvV1Async()
    {
        var mount = "kv" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "kv" });
        return mount;
    }

    private sealed record DbSecret
    {
        [JsonPropertyName("username")]
        public string Username { get; init; } = string.Empty;

        [JsonPropertyName("password")]
        public string Password { get; init; } = string.Empty;

        [JsonPropertyName("port")]
        public int Port { get; init; }
    }
}
