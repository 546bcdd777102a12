using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitUpsertAclTests
{
    [Fact]
    public async Task Encrypt_MissingKeyWithOnlyUpdate_IsDeniedAndCreatesNothing()
    {
        using var vault = await WithTransitAsync();
        var token = await TokenWithPolicyAsync(vault, """path "transit/encrypt/*" { capabilities = ["update"] }""");
        await vault.CreateKeyAsync("existing");

        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/missing", new JsonObject { ["plaintext"] = B64("x") }, token), 403, "permission denied");
        VaultAssert.Ok(await vault.WriteAsync("transit/encrypt/existing", new JsonObject { ["plaintext"] = B64("x") }, token));
        VaultAssert.Error(await vault.ReadAsync("transit/keys/missing"), 404);
    }

    [Fact]
    public async Task Encrypt_MissingKeyWithCreate_Upserts()
    {
        using var vault = await WithTransitAsync();
        var token = await TokenWithPolicyAsync(vault, """path "transit/encrypt/*" { capabilities = ["create", "update"] }""");

        VaultAssert.Ok(await vault.WriteAsync("transit/encrypt/fresh", new JsonObject { ["plaintext"] = B64("x") }, token));

        Assert.Equal("aes256-gcm96", VaultAssert.Ok(await vault.ReadAsync("transit/keys/fresh"))["type"]!.GetValue<string>());
    }

    private static async Task<string> TokenWithPolicyAsync(TestVault vault, string policy)
    {
        VaultAssert.NoContent(await vault.WriteAsync("sys/policies/acl/transit-user", new JsonObject { ["policy"] = policy }));
        var created = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("transit-user") });
        Assert.Null(created?.Errors);
        return created!.Auth!["client_token"]!.GetValue<string>();
    }
}
