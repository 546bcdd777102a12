using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

/// <summary>
/// Accessor rows now live beside the entries (one transaction with them); tokens stored before keep theirs in the
/// accessor folder, and every accessor path still finds, lists and removes those.
/// </summary>
public sealed class TokenAccessorLayoutTests
{
    [Fact]
    public async Task Create_WritesTheAccessorRowBesideTheEntryInOneTransaction()
    {
        using var vault = await TestVault.InitializedAsync();

        var (_, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });

        var accessor = TokenTestKit.Accessor(auth);
        Assert.Contains(TokenStoragePaths.AccessorBesideEntry(accessor), await vault.PhysicalKeysAsync(TokenStoragePaths.Ids));
        Assert.DoesNotContain(TokenStoragePaths.Accessor(accessor), await vault.PhysicalKeysAsync(TokenStoragePaths.Accessors));
        Assert.Contains(accessor, VaultAssert.Ok(await vault.ListAsync("auth/token/accessors"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task TokenInTheOlderLayout_IsFoundListedAndRevokedByAccessor()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });
        var accessor = TokenTestKit.Accessor(auth);
        await MoveToOlderLayoutAsync(vault, id, accessor);
        VaultAssert.Ok(await vault.LookupSelfAsync(id));

        var looked = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup-accessor", TokenTestKit.Body("accessor", accessor)));
        var listed = VaultAssert.Ok(await vault.ListAsync("auth/token/accessors"))["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke-accessor", TokenTestKit.Body("accessor", accessor)));

        Assert.Equal(accessor, looked["accessor"]!.GetValue<string>());
        Assert.Contains(accessor, listed);
        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
        Assert.Empty(await vault.PhysicalKeysAsync(TokenStoragePaths.Accessors));
    }

    /// <summary>What a token created before this layout looks like: its accessor row in the accessor folder.</summary>
    private static async Task MoveToOlderLayoutAsync(TestVault vault, string id, string accessor)
    {
        var store = vault.Get<TokenStore>();
        var storage = vault.Get<IBarrier>().Storage;
        var key = await store.HashAsync(id, CancellationToken.None);
        var (entry, stored) = await store.ReadAsync(key, CancellationToken.None);
        var index = await storage.GetAsync(TokenStoragePaths.AccessorBesideEntry(accessor), CancellationToken.None);
        await storage.PutAsync(TokenStoragePaths.Accessor(accessor), index!.Value, PutCondition.NotExists, CancellationToken.None);
        await storage.DeleteAsync(TokenStoragePaths.AccessorBesideEntry(accessor), CancellationToken.None);
        await storage.PutAsync(TokenStoragePaths.Id(key), StoredJson.Serialize(entry! with { AccessorBesideEntry = false }), PutCondition.IfMatch(stored!.ETag), CancellationToken.None);
        store.Cache.Evict(key);
    }
}
