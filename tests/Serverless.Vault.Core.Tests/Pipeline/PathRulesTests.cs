using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;

namespace Serverless.Vault.Core.Tests.Pipeline;

public sealed class PathRulesTests
{
    [Theory]
    [InlineData("secret/.")]
    [InlineData("secret/./x")]
    [InlineData("secret/..")]
    [InlineData("secret/../sys/mounts")]
    [InlineData("../secret")]
    [InlineData("secret//x")]
    [InlineData("/secret")]
    [InlineData("secret//")]
    [InlineData("secret/x\u0000")]
    [InlineData("secret/\u0007x")]
    [InlineData("secret/x\ny")]
    [InlineData("secret/x\u007f")]
    public void Validate_EscapingOrMalformedPath_ThrowsInvalidRequest(string path)
    {
        var error = Assert.Throws<VaultException>(() => PathRules.Validate(path));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("secret/")]
    [InlineData("secret/a/b")]
    [InlineData("secret/a/b/")]
    [InlineData("secret/.hidden")]
    [InlineData("secret/a..b")]
    [InlineData("secret/...")]
    [InlineData("secret/ü é")]
    public void Validate_OrdinaryPath_Passes(string path)
    {
        PathRules.Validate(path);
    }

    [Fact]
    public void Validate_EmptyPath_ThrowsUnsupportedPath()
    {
        Assert.Equal(VaultErrorKind.UnsupportedPath, Assert.Throws<VaultException>(() => PathRules.Validate("")).Kind);
    }

    [Fact]
    public void Validate_TooLong_ThrowsInvalidRequest()
    {
        var path = "secret/" + new string('a', PathRules.MaxPathLength);

        Assert.Equal(VaultErrorKind.InvalidRequest, Assert.Throws<VaultException>(() => PathRules.Validate(path)).Kind);
    }

    [Theory]
    [InlineData("kv/../sys/mounts")]
    [InlineData("kv/./x")]
    [InlineData("kv//x")]
    [InlineData("kv/x\u0001")]
    public async Task Handle_BadPath_Returns400BeforeAnythingElse(string path)
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        var response = await vault.ReadAsync(path);

        Assert.Equal(400, response?.StatusCode);
        Assert.StartsWith("invalid path", Assert.Single(response!.Errors!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_BadPathOnUninitialisedVault_Returns400NotSealed()
    {
        using var vault = TestVault.Uninitialized();

        var response = await vault.ReadAsync("secret/../x");

        Assert.Equal(400, response?.StatusCode);
    }

    [Fact]
    public async Task Handle_TrailingSlash_IsAccepted()
    {
        using var vault = await TestVault.InitializedAsync();

        var data = VaultAssert.Ok(await vault.ReadAsync("sys/mounts/"));

        Assert.NotNull(data["sys/"]);
    }
}
