using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

/// <summary>Two Function App instances over one storage: each caches tokens for at most the staleness budget.</summary>
public sealed class TokenInstancesTests
{
    [Fact]
    public async Task Token_CreatedOnOne_WorksOnTheOther()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();

        var (id, _) = await first.CreateRootChildAsync();

        VaultAssert.Ok(await second.LookupSelfAsync(id));
    }

    [Fact]
    public async Task Token_RevokedOnOne_IsRefusedByTheOtherWithinTheBudget()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        var (id, _) = await first.CreateRootChildAsync();
        VaultAssert.Ok(await second.LookupSelfAsync(id));

        VaultAssert.NoContent(await first.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", id)));

        // Revoked here: refused at once. There: trusted from cache until the budget runs out, then refused.
        VaultAssert.Error(await first.LookupSelfAsync(id), 403, "permission denied");
        VaultAssert.Ok(await second.LookupSelfAsync(id));
        second.Time.Advance(TokenCache.StalenessBudget - TimeSpan.FromSeconds(1));
        VaultAssert.Ok(await second.LookupSelfAsync(id));
        second.Time.Advance(TimeSpan.FromSeconds(1));
        VaultAssert.Error(await second.LookupSelfAsync(id), 403, "permission denied");
    }

    [Fact]
    public async Task Token_ChildOfParentRevokedElsewhere_IsRefusedAfterTheBudget()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        var (parent, _) = await first.CreateRootChildAsync();
        var (child, _) = await first.CreateRootChildAsync(parent: parent);
        VaultAssert.Ok(await second.LookupSelfAsync(child));

        VaultAssert.NoContent(await first.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", parent)));
        second.Time.Advance(TokenCache.StalenessBudget);

        VaultAssert.Error(await second.LookupSelfAsync(child), 403, "permission denied");
    }

    [Fact]
    public async Task Token_RenewedElsewhereWhileCachedHereAsExpiring_IsStillAccepted()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        var (id, _) = await first.CreateRootChildAsync(ttl: "1h");
        first.Time.Advance(TimeSpan.FromMinutes(59));
        second.Time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(58));
        VaultAssert.Ok(await second.LookupSelfAsync(id));

        TokenTestKit.Auth(await first.WriteAsync("auth/token/renew", new JsonObject { ["token"] = id, ["increment"] = "1h" }));
        second.Time.Advance(TimeSpan.FromSeconds(3));

        // The cached entry says "expired"; a refusal is always re-checked against storage, which has the renewal.
        VaultAssert.Ok(await second.LookupSelfAsync(id));
    }

    [Fact]
    public async Task Token_OrphanedElsewhere_KeepsWorkingHere()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        var (parent, _) = await first.CreateRootChildAsync();
        var (child, _) = await first.CreateRootChildAsync(parent: parent);
        VaultAssert.Ok(await second.LookupSelfAsync(child));

        VaultAssert.NoContent(await first.WriteAsync("auth/token/revoke-orphan", TokenTestKit.Body("token", parent)));
        second.Time.Advance(TimeSpan.FromSeconds(2));

        VaultAssert.Ok(await second.LookupSelfAsync(child));
    }
}
