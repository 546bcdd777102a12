using System.Net;
using Serverless.Vault.Client.Tokens;

namespace Serverless.Vault.Client.Tests.Leases;

/// <summary>Token leases (<c>auth/token/create/&lt;role&gt;/h...</c>) are the leases a vault without a database engine gives out.</summary>
public sealed class LeaseClientTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task ListAndLookup_TokenLease_ShowsItsTimes()
    {
        using var client = fixture.Vault.NewClient();
        var role = await NewRoleAsync();
        await client.Token.CreateAsync(new TokenCreateRequest { RoleName = role, Ttl = TimeSpan.FromMinutes(20) });

        var keys = await client.Leases.ListAsync($"auth/token/create/{role}");
        var lease = await client.Leases.LookupAsync($"auth/token/create/{role}/{keys.Single()}");

        Assert.Equal($"auth/token/create/{role}/{keys[0]}", lease.Id);
        Assert.InRange(lease.Ttl, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20));
        Assert.NotNull(lease.ExpireTime);
        Assert.InRange(lease.ExpireTime.Value - lease.IssueTime, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20));
        Assert.Null(lease.LastRenewal);
    }

    [Fact]
    public async Task LookupAsync_UnknownLease_ThrowsBadRequest()
    {
        using var client = fixture.Vault.NewClient();

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.Leases.LookupAsync("auth/token/create/nobody/hAAAAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task RevokePrefixAsync_RoleTokens_RevokesThemAndNotOthers()
    {
        using var client = fixture.Vault.NewClient();
        var role = await NewRoleAsync();
        var first = await client.Token.CreateAsync(new TokenCreateRequest { RoleName = role, Ttl = TimeSpan.FromMinutes(20) });
        var second = await client.Token.CreateAsync(new TokenCreateRequest { RoleName = role, Ttl = TimeSpan.FromMinutes(20) });
        var other = await client.Token.CreateAsync(new TokenCreateRequest { Ttl = TimeSpan.FromMinutes(20) });

        await client.Leases.RevokePrefixAsync($"auth/token/create/{role}");

        await Assert.ThrowsAsync<VaultApiException>(() => client.Token.LookupAsync(first.ClientToken));
        await Assert.ThrowsAsync<VaultApiException>(() => client.Token.LookupAsync(second.ClientToken));
        Assert.Equal(other.Accessor, (await client.Token.LookupAsync(other.ClientToken)).Accessor);
        Assert.Empty(await client.Leases.ListAsync($"auth/token/create/{role}"));
    }

    private async Task<string> NewRoleAsync()
    {
        var role = "role" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Vault.SendAsync(HttpMethod.Post, $"auth/token/roles/{role}", new { allowed_policies = "default" });
        return role;
    }
}
