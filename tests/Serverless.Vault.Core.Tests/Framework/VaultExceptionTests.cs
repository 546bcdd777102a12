using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class VaultExceptionTests
{
    [Fact]
    public void NotFound_HasEmptyErrorList()
    {
        var error = VaultException.NotFound();

        Assert.Equal(VaultErrorKind.NotFound, error.Kind);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public void PermissionDenied_UsesVaultMessage()
    {
        Assert.Equal(["permission denied"], VaultException.PermissionDenied().Errors);
    }

    [Fact]
    public void Sealed_UsesVaultMessage()
    {
        Assert.Equal(["Vault is sealed"], VaultException.Sealed().Errors);
    }

    [Fact]
    public void UnsupportedPath_NamesTheRoute()
    {
        Assert.Equal(["no handler for route \"x/y\". route entry not found."], VaultException.UnsupportedPath("x/y").Errors);
    }

    [Fact]
    public void RateLimited_KeepsRetryAfter()
    {
        var error = VaultException.RateLimited("rate limit quota exceeded", 3);

        Assert.Equal(3, error.RetryAfterSeconds);
        Assert.Equal(3, VaultResponse.Error(error).RetryAfterSeconds);
        Assert.Equal(429, VaultResponse.Error(error).StatusCode);
    }
}
