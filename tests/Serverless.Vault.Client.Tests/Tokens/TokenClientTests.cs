using System.Net;
using Serverless.Vault.Client.Auth;
using Serverless.Vault.Client.Tokens;

namespace Serverless.Vault.Client.Tests.Tokens;

public sealed class TokenClientTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task CreateAsync_WithSettings_LookupShowsThem()
    {
        using var client = fixture.Vault.NewClient();

        var auth = await client.Token.CreateAsync(new TokenCreateRequest
        {
            Policies = ["reader"],
            Ttl = TimeSpan.FromHours(1),
            NumUses = 5,
            DisplayName = "worker",
            Metadata = new Dictionary<string, string> { ["app"] = "orders" },
        });
        var info = await client.Token.LookupAsync(auth.ClientToken);
        var byAccessor = await client.Token.LookupAccessorAsync(auth.Accessor!);

        Assert.Equal(3600, auth.LeaseDuration);
        Assert.True(auth.Renewable);
        Assert.Contains("reader", info.Policies!);
        Assert.Contains("default", info.Policies!);
        Assert.Equal(auth.Accessor, info.Accessor);
        Assert.Equal("orders", info.Metadata!["app"]);
        Assert.Equal(5, info.NumUses);
        Assert.InRange(info.Ttl, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.NotNull(info.ExpireTime);
        Assert.Equal(string.Empty, byAccessor.Id);
        Assert.DoesNotContain(auth.ClientToken, info.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(auth.ClientToken, auth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_Orphan_HasNoParent()
    {
        using var client = fixture.Vault.NewClient();

        var auth = await client.Token.CreateAsync(new TokenCreateRequest { Orphan = true, Ttl = TimeSpan.FromMinutes(10) });
        var info = await client.Token.LookupAsync(auth.ClientToken);

        Assert.True(info.Orphan);
        Assert.Equal("auth/token/create-orphan", info.Path);
    }

    [Fact]
    public async Task LookupSelfAndRenewSelf_AsTheCreatedToken_ExtendItsTtl()
    {
        using var root = fixture.Vault.NewClient();
        var auth = await root.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromMinutes(10), ExplicitMaxTtl = TimeSpan.FromHours(2) });
        using var client = fixture.Vault.NewClient(new TokenAuth(auth.ClientToken));

        var self = await client.Token.LookupSelfAsync();
        var renewed = await client.Token.RenewSelfAsync(TimeSpan.FromHours(1));

        Assert.Equal(auth.Accessor, self.Accessor);
        Assert.Equal(TimeSpan.FromMinutes(10), self.CreationTtl);
        Assert.Equal(3600, renewed.LeaseDuration);
        Assert.InRange((await client.Token.LookupSelfAsync()).Ttl, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task RenewAsync_OtherToken_IsCappedByItsMaxTtl()
    {
        using var client = fixture.Vault.NewClient();
        var auth = await client.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromMinutes(10), ExplicitMaxTtl = TimeSpan.FromMinutes(30) });

        var renewed = await client.Token.RenewAsync(auth.ClientToken, TimeSpan.FromHours(5));

        Assert.InRange(renewed.LeaseDuration, 1700, 1800);
    }

    [Fact]
    public async Task RevokeAsync_Token_LookupThenFails()
    {
        using var client = fixture.Vault.NewClient();
        var auth = await client.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromMinutes(10) });

        await client.Token.RevokeAsync(auth.ClientToken);

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.Token.LookupAsync(auth.ClientToken));
        Assert.True(error.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RevokeAccessorAsync_Token_RevokesItAndItsChildren()
    {
        using var root = fixture.Vault.NewClient();
        var parent = await root.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromMinutes(10) });
        using var asParent = fixture.Vault.NewClient(new TokenAuth(parent.ClientToken));
        var child = await asParent.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromMinutes(5) });

        await root.Token.RevokeAccessorAsync(parent.Accessor!);

        await Assert.ThrowsAsync<VaultApiException>(() => root.Token.LookupAsync(parent.ClientToken));
        await Assert.ThrowsAsync<VaultApiException>(() => root.Token.LookupAsync(child.ClientToken));
    }

    [Fact]
    public async Task RevokeSelfAsync_AsTheCreatedToken_TokenNoLongerWorks()
    {
        using var root = fixture.Vault.NewClient();
        var auth = await root.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromMinutes(10) });
        using var client = fixture.Vault.NewClient(new TokenAuth(auth.ClientToken));
        await client.Token.LookupSelfAsync();

        await client.Token.RevokeSelfAsync();

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.Token.LookupSelfAsync());
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }
}
