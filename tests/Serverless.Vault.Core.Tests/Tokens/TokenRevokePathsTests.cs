using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenRevokePathsTests
{
    [Fact]
    public async Task Revoke_Parent_RevokesChildrenAndGrandchildrenButNotOrphans()
    {
        using var vault = await TestVault.InitializedAsync();
        var (parent, _) = await vault.CreateRootChildAsync();
        var (child, _) = await vault.CreateRootChildAsync(parent: parent);
        var (grandchild, _) = await vault.CreateRootChildAsync(parent: child);
        var (orphan, _) = await vault.CreateRootChildAsync(parent: parent, path: "auth/token/create-orphan");
        var (sibling, _) = await vault.CreateRootChildAsync();

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", parent)));

        foreach (var dead in new[] { parent, child, grandchild })
        {
            VaultAssert.Error(await vault.LookupSelfAsync(dead), 403, "permission denied");
        }

        VaultAssert.Ok(await vault.LookupSelfAsync(orphan));
        VaultAssert.Ok(await vault.LookupSelfAsync(sibling));
        var hashes = await Task.WhenAll(new[] { parent, child, grandchild }.Select(t => vault.Get<TokenStore>().HashAsync(t, CancellationToken.None)));
        var keys = await vault.PhysicalKeysAsync("core/token/");
        Assert.DoesNotContain(keys, key => hashes.Any(hash => key.Contains(hash, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RevokeOrphan_KeepsChildrenWhoBecomeOrphans()
    {
        using var vault = await TestVault.InitializedAsync();
        var (parent, _) = await vault.CreateRootChildAsync();
        var (child, _) = await vault.CreateRootChildAsync(parent: parent);
        var (grandchild, _) = await vault.CreateRootChildAsync(parent: child);

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke-orphan", TokenTestKit.Body("token", parent)));

        VaultAssert.Error(await vault.LookupSelfAsync(parent), 403, "permission denied");
        Assert.True(VaultAssert.Ok(await vault.LookupSelfAsync(child))["orphan"]!.GetValue<bool>());
        Assert.False(VaultAssert.Ok(await vault.LookupSelfAsync(grandchild))["orphan"]!.GetValue<bool>());

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", child)));
        VaultAssert.Error(await vault.LookupSelfAsync(grandchild), 403, "permission denied");
    }

    [Fact]
    public async Task RevokeOrphan_IsSudoAndValidates()
    {
        using var vault = await TestVault.InitializedAsync();

        Assert.True(vault.Get<TokenBackend>().Paths.Match("revoke-orphan")!.Spec.Sudo);
        Assert.True(vault.Get<TokenBackend>().Paths.Match("accessors")!.Spec.Sudo);
        VaultAssert.Error(await vault.WriteAsync("auth/token/revoke-orphan", []), 400, "missing token ID");
        VaultAssert.Error(await vault.WriteAsync("auth/token/revoke-orphan", TokenTestKit.Body("token", "hvs.x")), 400, "token to revoke not found");
    }

    [Fact]
    public async Task RevokeSelf_RevokesTheCallerAndItsChildren()
    {
        using var vault = await TestVault.InitializedAsync();
        var (parent, _) = await vault.CreateRootChildAsync();
        var (child, _) = await vault.CreateRootChildAsync(parent: parent);

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke-self", [], parent));

        VaultAssert.Error(await vault.LookupSelfAsync(parent), 403, "permission denied");
        VaultAssert.Error(await vault.LookupSelfAsync(child), 403, "permission denied");
    }

    [Fact]
    public async Task RevokeAccessor_RevokesTheTokenBehindIt()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, auth) = await vault.CreateRootChildAsync();

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke-accessor", TokenTestKit.Body("accessor", TokenTestKit.Accessor(auth))));

        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
        var again = await vault.WriteAsync("auth/token/revoke-accessor", TokenTestKit.Body("accessor", TokenTestKit.Accessor(auth)));
        Assert.Equal(["No token found with this accessor"], again!.Warnings);
        VaultAssert.Error(await vault.WriteAsync("auth/token/revoke-accessor", []), 400, "missing accessor");
    }

    [Fact]
    public async Task Revoke_UnknownToken_Succeeds_MissingToken_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", "hvs.unknown")));
        VaultAssert.Error(await vault.WriteAsync("auth/token/revoke", []), 400, "missing token ID");
    }

    [Fact]
    public async Task Accessors_ListsLiveTokensOnly()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });
        var rootAccessor = VaultAssert.Ok(await vault.LookupSelfAsync(TestVault.RootToken))["accessor"]!.GetValue<string>();

        var keys = VaultAssert.Ok(await vault.ListAsync("auth/token/accessors/"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToArray();
        Assert.Equal(new[] { rootAccessor, TokenTestKit.Accessor(auth) }.Order(StringComparer.Ordinal), keys);

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", id)));
        keys = VaultAssert.Ok(await vault.ListAsync("auth/token/accessors"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToArray();
        Assert.Equal([rootAccessor], keys);
    }

    [Fact]
    public async Task Tidy_AnswersWithVaultsWarningAnd202()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.WriteAsync("auth/token/tidy", []);

        Assert.NotNull(response);
        Assert.Equal(202, response.StatusCode);
        Assert.Null(response.Errors);
        Assert.Equal([TokenTidyPaths.TidyWarning], response.Warnings);
    }

    [Fact]
    public async Task Tidy_ExpiredTokens_AreRemovedWithTheirIndexes()
    {
        using var vault = await TestVault.InitializedAsync();
        var (_, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1h" });
        var (_, live) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "3h" });
        vault.Time.Advance(TimeSpan.FromHours(2));

        await vault.WriteAsync("auth/token/tidy", []);

        // Entries and their accessor rows share the id folder: the root token's and the live token's are left.
        var rows = await vault.PhysicalKeysAsync(TokenStoragePaths.Ids);
        Assert.DoesNotContain(TokenStoragePaths.AccessorBesideEntry(TokenTestKit.Accessor(auth)), rows);
        Assert.Contains(TokenStoragePaths.AccessorBesideEntry(TokenTestKit.Accessor(live)), rows);
        Assert.Equal(2, rows.Count(row => !row.StartsWith(TokenStoragePaths.Ids + TokenStoragePaths.AccessorRowPrefix, StringComparison.Ordinal)));
        Assert.Equal(2, rows.Count(row => row.StartsWith(TokenStoragePaths.Ids + TokenStoragePaths.AccessorRowPrefix, StringComparison.Ordinal)));
    }
}
