using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Pipeline;

public sealed class RootOnlyAuthorizerTests
{
    private static readonly PathSpec Spec = new("x");

    private static VaultRequest Request(TokenEntry? token) =>
        new() { RequestId = "r", Operation = Operation.Read, Path = "x", Token = token };

    private static TokenEntry Token(params string[] policies) => new() { Accessor = "a", Policies = policies, Path = "auth/token/create" };

    [Fact]
    public void Authorize_RootPolicy_Allows()
    {
        new RootOnlyAuthorizer().Authorize(Request(Token("default", "root")), Spec);
    }

    [Theory]
    [InlineData]
    [InlineData("default")]
    [InlineData("Root")]
    [InlineData("root-ish")]
    public void Authorize_NonRootPolicies_PermissionDenied(params string[] policies)
    {
        var error = Assert.Throws<VaultException>(() => new RootOnlyAuthorizer().Authorize(Request(Token(policies)), Spec));

        Assert.Equal(VaultErrorKind.PermissionDenied, error.Kind);
    }

    [Fact]
    public void Authorize_NoToken_PermissionDenied()
    {
        Assert.Equal(VaultErrorKind.PermissionDenied, Assert.Throws<VaultException>(() => new RootOnlyAuthorizer().Authorize(Request(null), Spec)).Kind);
    }
}
