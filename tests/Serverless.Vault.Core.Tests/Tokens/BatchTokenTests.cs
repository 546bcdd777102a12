using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class BatchTokenTests
{
    private static readonly JsonObject Batch = new() { ["type"] = "batch", ["policies"] = "web", ["ttl"] = "1h" };

    [Fact]
    public async Task Create_Batch_ReturnsAccessorlessNonRenewableToken()
    {
        using var vault = await TestVault.InitializedAsync();

        var (id, auth) = await vault.CreateTokenAsync(Batch);

        Assert.StartsWith("hvb.", id, StringComparison.Ordinal);
        Assert.Matches("^hvb\\.[A-Za-z0-9_-]+$", id);
        Assert.Equal("batch", auth["token_type"]!.GetValue<string>());
        Assert.Equal("", TokenTestKit.Accessor(auth));
        Assert.False(auth["renewable"]!.GetValue<bool>());
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        var data = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)));
        Assert.Equal("batch", data["type"]!.GetValue<string>());
        Assert.Equal(3600, data["ttl"]!.GetValue<long>());
        Assert.Equal("""["default","web"]""", data["policies"]!.ToJsonString());
        Assert.Equal(id, data["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_BatchWritesNothing_CheckingOneReadsNothing()
    {
        await using var vault = await CountingVault.InitializedAsync();
        TokenTestKit.Auth(await vault.WriteAsync("auth/token/create", Batch));
        vault.Storage.Reset();

        var auth = TokenTestKit.Auth(await vault.WriteAsync("auth/token/create", Batch));

        Assert.Equal(0, vault.Storage.Counts.WriteRoundTrips);
        vault.Storage.Reset();

        var entry = await vault.Tokens.AuthenticateAsync(auth["client_token"]!.GetValue<string>(), CancellationToken.None);

        Assert.NotNull(entry);
        Assert.Equal(0, vault.Storage.Counts.Reads);
        Assert.Equal(0, vault.Storage.Counts.WriteRoundTrips);
    }

    [Fact]
    public async Task Batch_ThroughTheAuthenticator_IsAcceptedUntilExpiry()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(Batch);
        var authenticator = vault.Get<TokenAuthenticator>();
        var request = new VaultRequest { RequestId = "r", Operation = Operation.Read, Path = "x", ClientToken = id };

        Assert.True((await authenticator.AuthenticateAsync(request, CancellationToken.None)).Token!.IsBatch);
        vault.Time.Advance(TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<VaultException>(() => authenticator.AuthenticateAsync(request, CancellationToken.None));
        Assert.Equal(VaultErrorKind.PermissionDenied, error.Kind);
        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
    }

    [Fact]
    public async Task Batch_TamperedOrTruncated_IsRefused()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(Batch);
        var flipped = id[..^2] + (id[^2] == 'A' ? 'B' : 'A') + id[^1];

        Assert.Null(await vault.EntryAsync(flipped));
        Assert.Null(await vault.EntryAsync(id[..^4]));
        Assert.Null(await vault.EntryAsync("hvb.!!!!"));
        Assert.NotNull(await vault.EntryAsync(id));
    }

    [Fact]
    public async Task Batch_TtlIsBoundedByTheParentsRemainingTtl()
    {
        using var vault = await TestVault.InitializedAsync();
        var (parent, _) = await vault.CreateRootChildAsync(ttl: "1h");
        vault.Time.Advance(TimeSpan.FromMinutes(20));

        var (_, auth) = await vault.CreateTokenAsync(new JsonObject { ["type"] = "batch", ["policies"] = "web", ["ttl"] = "5h" }, token: parent);

        Assert.Equal(2400, auth["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Batch_ParentRevokedHere_IsRefusedAtOnce()
    {
        using var vault = await TestVault.InitializedAsync();
        var (parent, _) = await vault.CreateRootChildAsync(ttl: "2h");
        var (batch, _) = await vault.CreateTokenAsync(Batch, token: parent);
        var (orphanBatch, _) = await vault.CreateTokenAsync(Batch, "auth/token/create-orphan", parent);
        Assert.NotNull(await vault.EntryAsync(batch));

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", parent)));

        Assert.Null(await vault.EntryAsync(batch));
        Assert.NotNull(await vault.EntryAsync(orphanBatch));
    }

    [Fact]
    public async Task Batch_ParentRevokedOnAnotherInstance_IsRefusedOnceTheCacheBudgetPasses()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        var (parent, _) = await first.CreateRootChildAsync(ttl: "2h");
        var (batch, _) = await first.CreateTokenAsync(Batch, token: parent);
        Assert.NotNull(await first.EntryAsync(batch));

        VaultAssert.NoContent(await second.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", parent)));

        Assert.NotNull(await first.EntryAsync(batch));
        first.Time.Advance(TokenCache.StalenessBudget);
        Assert.Null(await first.EntryAsync(batch));
    }

    [Fact]
    public async Task Batch_MadeByOneInstance_IsAcceptedByAnother()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();

        var (batch, _) = await first.CreateTokenAsync(Batch);

        // Through the pipeline first: a fresh instance unseals on its first request.
        Assert.Equal("batch", VaultAssert.Ok(await second.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", batch)))["type"]!.GetValue<string>());
        var entry = await second.EntryAsync(batch);
        Assert.NotNull(entry);
        Assert.Equal(["default", "web"], entry.Policies);
    }

    [Fact]
    public async Task Batch_RenewAndRevoke_AreRefused()
    {
        using var vault = await TestVault.InitializedAsync();
        var (batch, _) = await vault.CreateTokenAsync(Batch);

        VaultAssert.Error(await vault.WriteAsync("auth/token/renew", TokenTestKit.Body("token", batch)), 400, "batch tokens cannot be renewed");
        VaultAssert.Error(await vault.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", batch)), 400, "batch tokens cannot be revoked");
        VaultAssert.Error(await vault.WriteAsync("auth/token/revoke-orphan", TokenTestKit.Body("token", batch)), 400, "batch tokens cannot be revoked");
        Assert.NotNull(await vault.EntryAsync(batch));
    }

    [Theory]
    [InlineData("num_uses", 3, "batch tokens cannot have \"num_uses\" set")]
    [InlineData("explicit_max_ttl", "1h", "batch tokens cannot have \"explicit_max_ttl\" set")]
    [InlineData("period", "1h", "batch tokens cannot have \"period\" set")]
    [InlineData("policies", "root", "batch tokens cannot be root tokens")]
    public async Task Create_BatchWithServiceOnlySettings_Returns400(string field, object value, string message)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/create", new JsonObject { ["type"] = "batch", [field] = JsonValue.Create(value) }), 400, message);
    }

    [Fact]
    public async Task Batch_CannotCreateTokens()
    {
        using var vault = await TestVault.InitializedAsync();
        var (batch, _) = await vault.CreateTokenAsync(Batch);
        var caller = (await vault.EntryAsync(batch))!;

        var error = await Assert.ThrowsAsync<VaultException>(() => vault.InvokeAsCallerAsync("create", [], batch, caller));

        Assert.Equal(["batch tokens cannot create more tokens"], error.Errors);
    }
}
