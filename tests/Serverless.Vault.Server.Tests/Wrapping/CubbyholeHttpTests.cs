using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Engines.Cubbyhole;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Server.Tests.Wrapping;

/// <summary>The cubbyhole over HTTP: private to each token, listed, gone with the token.</summary>
public sealed class CubbyholeHttpTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync() => _vault = await VaultHost.StartDevAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task EachTokenSeesOnlyItsOwnCubbyhole_AndListsIt()
    {
        var alice = await CreateTokenAsync();
        var bob = await CreateTokenAsync();
        await WriteAsync("cubbyhole/a", alice, "alice-a");
        await WriteAsync("cubbyhole/dir/b", alice, "alice-b");
        await WriteAsync("cubbyhole/a", bob, "bob-a");

        var read = await _vault.ReadJsonAsync(HttpMethod.Get, "cubbyhole/a", token: alice);
        Assert.Equal("alice-a", read["data"]!["v"]!.GetValue<string>());
        Assert.Equal("bob-a", (await _vault.ReadJsonAsync(HttpMethod.Get, "cubbyhole/a", token: bob))["data"]!["v"]!.GetValue<string>());
        var list = await _vault.ReadJsonAsync(new HttpMethod("LIST"), "cubbyhole/", token: alice);
        Assert.Equal("""["a","dir/"]""", list["data"]!["keys"]!.ToJsonString());
        using var bobsDir = await _vault.SendAsync(HttpMethod.Get, "cubbyhole/dir/b", token: bob);
        Assert.Equal(HttpStatusCode.NotFound, bobsDir.StatusCode);

        var mounts = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts");
        Assert.Equal("cubbyhole", mounts["data"]!["cubbyhole/"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokingTheToken_DestroysItsCubbyhole()
    {
        var alice = await CreateTokenAsync();
        await WriteAsync("cubbyhole/a", alice, "1");
        var hash = await _vault.Services.GetRequiredService<TokenStore>().HashAsync(alice, CancellationToken.None);
        Assert.Equal(["a"], await StoredKeysAsync(hash));

        using var revoke = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke", new { token = alice });
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        Assert.Empty(await StoredKeysAsync(hash));
    }

    /// <summary>What the host has stored in one token's cubbyhole, read straight from its storage.</summary>
    private Task<IReadOnlyList<string>> StoredKeysAsync(string hash) =>
        _vault.Services.GetRequiredService<CubbyholeStorage>().For(hash).ListAsync("", CancellationToken.None);

    private async Task<string> CreateTokenAsync()
    {
        var created = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } });
        return created["auth"]!["client_token"]!.GetValue<string>();
    }

    private async Task WriteAsync(string path, string token, string value)
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, path, new JsonObject { ["v"] = value }, token);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
