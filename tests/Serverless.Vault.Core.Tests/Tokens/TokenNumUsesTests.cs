using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenNumUsesTests
{
    [Fact]
    public async Task NumUses_Two_TwoRequestsSucceedThenForbidden()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, auth) = await vault.CreateRootChildAsync(extra: new JsonObject { ["num_uses"] = 2 });
        Assert.Equal(2, auth["num_uses"]!.GetValue<long>());

        Assert.Equal(1, VaultAssert.Ok(await vault.LookupSelfAsync(id))["num_uses"]!.GetValue<long>());

        // The last use still succeeds; the token is revoked under it.
        Assert.Equal(-1, VaultAssert.Ok(await vault.LookupSelfAsync(id))["num_uses"]!.GetValue<long>());

        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
        VaultAssert.Error(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)), 403, "bad token");
        Assert.DoesNotContain(await vault.PhysicalKeysAsync("core/token/"), key => key.EndsWith(TokenTestKit.Accessor(auth), StringComparison.Ordinal));
    }

    [Fact]
    public async Task NumUses_ConcurrentRequests_NeverExceedTheLimit()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateRootChildAsync(extra: new JsonObject { ["num_uses"] = 3 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => vault.LookupSelfAsync(id))));

        Assert.Equal(3, responses.Count(r => r is { Errors: null }));
        Assert.All(responses.Where(r => r?.Errors is not null), r => Assert.True(r!.StatusCode is 403 or 412, $"unexpected {r.StatusCode}"));
        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
    }

    [Fact]
    public async Task NumUses_AcrossTwoInstances_NeverExceedTheLimit()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        var (id, _) = await first.CreateRootChildAsync(extra: new JsonObject { ["num_uses"] = 4 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).LookupSelfAsync(id))));

        Assert.Equal(4, responses.Count(r => r is { Errors: null }));
    }

    [Fact]
    public async Task NumUses_LookupByOthersDoesNotSpendUses()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateRootChildAsync(extra: new JsonObject { ["num_uses"] = 1 });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)))["num_uses"]!.GetValue<long>());
        }

        VaultAssert.Ok(await vault.LookupSelfAsync(id));
        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
    }
}
