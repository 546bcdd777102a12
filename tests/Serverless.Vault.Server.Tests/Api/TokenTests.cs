using System.Net;

namespace Serverless.Vault.Server.Tests.Api;

/// <summary>The minimal token check: where a token may come from, and what a bad one gets.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync() => _vault = await VaultHost.StartDevAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hvs.notarealtoken000000000")]
    public async Task Request_MissingOrUnknownToken_Returns403PermissionDenied(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/mounts");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        using var response = await _vault.Client.SendAsync(request);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Request_BearerToken_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/mounts");
        request.Headers.Authorization = new("Bearer", _vault.RootToken);
        using var response = await _vault.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_OtherAuthorizationScheme_IsIgnored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/mounts");
        request.Headers.Authorization = new("Basic", _vault.RootToken);
        using var response = await _vault.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Request_VaultTokenHeader_WinsOverBearer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/mounts");
        request.Headers.Add("X-Vault-Token", "hvs.wrong");
        request.Headers.Authorization = new("Bearer", _vault.RootToken);
        using var response = await _vault.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ErrorBody_NeverEchoesTheToken()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/mounts", token: "hvs.secret-looking-value");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret-looking-value", text, StringComparison.Ordinal);
    }
}
