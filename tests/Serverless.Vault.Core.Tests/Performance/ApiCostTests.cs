using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Auth.AppRole;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Performance;

/// <summary>
/// What an API call costs in storage round trips on a warm instance, and in seal unwraps on a cold one: counted, not
/// timed, so the figures hold on any machine. Round trips are what cost on Functions over Table Storage.
/// </summary>
public sealed class ApiCostTests
{
    private const string ReaderPolicy = "path \"secret/*\" { capabilities = [\"read\", \"create\", \"update\"] }";

    [Fact]
    public async Task KvV2Read_ServiceToken_WarmCaches_AtMostTwoReadsNoWrites()
    {
        using var vault = await KvVaultAsync();
        var token = await vault.TokenWithPolicyAsync("reader", ReaderPolicy);
        await WarmAsync(vault, token);

        var cost = await CountingVault.CostOfAsync(vault, async () => Assert.Equal("v2", Value(await vault.ReadAsync("secret/data/app", token))));

        Assert.InRange(cost.Reads, 1, 2);
        Assert.Equal(0, cost.WriteRoundTrips);
        Assert.Equal(0, cost.Lists);
    }

    [Fact]
    public async Task KvV2Read_BatchToken_WarmCaches_OneRead()
    {
        using var vault = await KvVaultAsync();
        await vault.TokenWithPolicyAsync("reader", ReaderPolicy);
        var created = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("reader"), ["type"] = "batch" });
        var token = created!.Auth!["client_token"]!.GetValue<string>();
        await WarmAsync(vault, token);

        var cost = await CountingVault.CostOfAsync(vault, async () => Assert.Equal("v2", Value(await vault.ReadAsync("secret/data/app", token))));

        Assert.Equal(1, cost.Reads);
        Assert.Equal(0, cost.WriteRoundTrips);
    }

    [Fact]
    public async Task KvV2Write_WarmCaches_AtMostOneReadAndOneTransaction()
    {
        using var vault = await KvVaultAsync();
        var token = await vault.TokenWithPolicyAsync("writer", ReaderPolicy);
        await WarmAsync(vault, token);

        var cost = await CountingVault.CostOfAsync(vault, async () => VaultAssert.Ok(await vault.WriteAsync("secret/data/app", Secret("v3"), token)));

        // This instance wrote the secret last (WarmAsync): the row it remembers stands in for the read.
        Assert.Equal(0, cost.Reads);
        Assert.Equal(1, cost.Transactions);
        Assert.Equal(0, cost.Writes);
        Assert.Equal("v3", Value(await vault.ReadAsync("secret/data/app", token)));
    }

    /// <summary>
    /// Reads: role id index, role, secret id. Writes: the token entry with its accessor row (one transaction: they share
    /// a folder), the token's lease row and its due-minute marker (a token's own lease has no row in a token folder).
    /// </summary>
    [Fact]
    public async Task AppRoleLogin_WarmCaches_AtMostThreeReadsAndThreeWrites()
    {
        using var vault = await TestVault.InitializedAsync(CountingVault.Configure);
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/approle", new JsonObject { ["type"] = "approle" }));
        var roleId = await AppRoleVault.CreateRoleAsync(vault, "web", new JsonObject { ["token_policies"] = "web", ["token_ttl"] = "20m" });
        var (warmSecret, _) = await AppRoleVault.SecretIdAsync(vault, "web");
        Assert.Null((await AppRoleVault.LoginAsync(vault, roleId, warmSecret))!.Errors);
        var (secretId, _) = await AppRoleVault.SecretIdAsync(vault, "web");

        string? token = null;
        var cost = await CountingVault.CostOfAsync(vault, async () => token = (await AppRoleVault.LoginAsync(vault, roleId, secretId))!.Auth!["client_token"]!.GetValue<string>());

        Assert.InRange(cost.Reads, 1, 3);
        Assert.InRange(cost.WriteRoundTrips, 1, 3);
        Assert.Equal(0, cost.Lists);
        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", token));
    }

    [Fact]
    public async Task ColdInstance_ConcurrentFirstRequests_OneSealUnwrap()
    {
        using var first = await KvVaultAsync();
        using var cold = first.SecondInstance();

        var reads = Enumerable.Range(0, 16).Select(_ => cold.ReadAsync("secret/data/app"));
        var responses = await Task.WhenAll(reads);

        Assert.All(responses, response => Assert.Equal("v2", Value(response)));
        Assert.Equal(1, CountingVault.Seal(cold).Unwraps);
        await cold.ReadAsync("secret/data/app");
        Assert.Equal(1, CountingVault.Seal(cold).Unwraps);
    }

    private static async Task<TestVault> KvVaultAsync()
    {
        var vault = await TestVault.InitializedAsync(CountingVault.Configure);
        await vault.EnableAsync("secret", "kv-v2");
        VaultAssert.Ok(await vault.WriteAsync("secret/data/app", Secret("v1")));
        VaultAssert.Ok(await vault.WriteAsync("secret/data/app", Secret("v2")));
        return vault;
    }

    /// <summary>One read and one write with the token: caches for the token, its policies, the mount and its settings are warm.</summary>
    private static async Task WarmAsync(TestVault vault, string token)
    {
        Assert.NotNull(Value(await vault.ReadAsync("secret/data/app", token)));
        VaultAssert.Ok(await vault.WriteAsync("secret/data/app", Secret("v2"), token));
    }

    private static JsonObject Secret(string value) => new() { ["data"] = new JsonObject { ["k"] = value } };

    private static string? Value(VaultResponse? response) => VaultAssert.Ok(response)["data"]?["k"]?.GetValue<string>();
}
