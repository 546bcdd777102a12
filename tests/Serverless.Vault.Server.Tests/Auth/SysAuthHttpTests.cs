using System.Net;
using Serverless.Vault.Server.Tests.Clients;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>sys/auth over real HTTP: enable, list (data and the legacy top-level copy), tune, disable.</summary>
public sealed class SysAuthHttpTests(DevVaultFixture dev) : IClassFixture<DevVaultFixture>
{
    private VaultHost Vault => dev.Host;

    [Fact]
    public async Task EnableListTuneDisable_DisablingRevokesTheMethodsTokens()
    {
        await AuthHttp.WriteAsync(Vault, "sys/auth/people", new { type = "userpass", description = "humans" });
        await AuthHttp.WriteAsync(Vault, "auth/people/users/ann", new { password = "ann-pass" });

        var listed = await Vault.ReadJsonAsync(HttpMethod.Get, "sys/auth");
        Assert.Equal("userpass", listed["data"]!["people/"]!["type"]!.GetValue<string>());
        Assert.Equal("humans", listed["data"]!["people/"]!["description"]!.GetValue<string>());
        Assert.Equal("userpass", listed["people/"]!["type"]!.GetValue<string>());
        Assert.Equal("token", listed["token/"]!["type"]!.GetValue<string>());

        await AuthHttp.WriteAsync(Vault, "sys/auth/people/tune", new { default_lease_ttl = "30m", max_lease_ttl = "2h" });
        var tune = await Vault.ReadJsonAsync(HttpMethod.Get, "sys/auth/people/tune");
        Assert.Equal(1800, tune["data"]!["default_lease_ttl"]!.GetValue<long>());
        Assert.Equal(7200, tune["data"]!["max_lease_ttl"]!.GetValue<long>());

        var token = await AuthHttp.LoginTokenAsync(Vault, "auth/people/login/ann", new { password = "ann-pass" });
        var self = await Vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token);
        Assert.Equal("auth/people/login/ann", self["data"]!["path"]!.GetValue<string>());

        using (var disabled = await Vault.SendAsync(HttpMethod.Delete, "sys/auth/people"))
        {
            Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        }

        using var revoked = await Vault.SendAsync(HttpMethod.Get, "auth/token/lookup-self", token: token);
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
        Assert.Null((await Vault.ReadJsonAsync(HttpMethod.Get, "sys/auth"))["data"]!["people/"]);
        using var login = await AuthHttp.LoginAsync(Vault, "auth/people/login/ann", new { password = "ann-pass" });
        Assert.NotEqual(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("kv")]
    [InlineData("transit")]
    [InlineData("no-such-type")]
    public async Task Enable_NonAuthType_Is400(string type)
    {
        using var response = await Vault.SendAsync(HttpMethod.Post, "sys/auth/wrong-" + type, new { type });

        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Contains("plugin not found", error, StringComparison.Ordinal);
        Assert.Null((await Vault.ReadJsonAsync(HttpMethod.Get, "sys/auth"))["data"]!["wrong-" + type + "/"]);
    }
}
