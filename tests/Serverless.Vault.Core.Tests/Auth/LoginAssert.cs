using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Auth;

/// <summary>Checks shared by the auth method tests: a refused login answers an error and leaves no token behind.</summary>
internal static class LoginAssert
{
    public static async Task RefusedAsync(TestVault vault, VaultResponse? response, int status, string fragment)
    {
        VaultAssert.ErrorContaining(response, status, fragment);
        Assert.Null(response!.Auth);
        // Only the root token exists: nothing was minted.
        Assert.Single(await vault.Get<TokenStore>().ListAccessorsAsync(CancellationToken.None));
    }

    public static IReadOnlyList<string> Policies(VaultResponse? response) =>
        [.. response!.Auth!["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
