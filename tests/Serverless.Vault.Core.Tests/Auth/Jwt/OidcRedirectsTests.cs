using Serverless.Vault.Core.Auth.Jwt;

namespace Serverless.Vault.Core.Tests.Auth.Jwt;

public sealed class OidcRedirectsTests
{
    [Theory]
    [InlineData("https://app.example/cb", "https://app.example/cb", true)]
    [InlineData("https://app.example:8443/cb", "https://app.example/cb", false)]
    [InlineData("https://app.example/cb/", "https://app.example/cb", false)]
    [InlineData("http://127.0.0.1:51234/oidc/callback", "http://127.0.0.1:8250/oidc/callback", true)]
    [InlineData("http://localhost:51234/oidc/callback", "http://localhost:8250/oidc/callback", true)]
    [InlineData("http://[::1]:51234/oidc/callback", "http://[::1]:8250/oidc/callback", true)]
    [InlineData("http://127.0.0.1:51234/other", "http://127.0.0.1:8250/oidc/callback", false)]
    [InlineData("http://localhost:8250/oidc/callback", "http://127.0.0.1:8250/oidc/callback", false)]
    [InlineData("https://127.0.0.1:8250/oidc/callback", "http://127.0.0.1:8250/oidc/callback", false)]
    public void IsAllowed_ExactOrLoopbackWithAnyPort(string redirectUri, string allowed, bool expected) =>
        Assert.Equal(expected, OidcRedirects.IsAllowed(redirectUri, [allowed]));
}
