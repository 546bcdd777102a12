using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

/// <summary>
/// Two instances over one storage: a writer that remembers the row from its own last write must still add versions
/// on top of another instance's, honour check-and-set against the stored version and not let a stale memory of the
/// secret stand in for the "create" capability.
/// </summary>
public sealed class KvRecordCacheTests
{
    [Fact]
    public async Task Write_AfterAnotherInstanceWrote_AddsVersionOnTopAndKeepsEveryVersion()
    {
        using var first = await KvTestVault.WithV2Async();
        using var second = first.SecondInstance();
        VaultAssert.Ok(await first.WriteAsync("secret/data/app", Secret("one")));
        VaultAssert.Ok(await first.WriteAsync("secret/data/app", Secret("two")));
        VaultAssert.Ok(await second.WriteAsync("secret/data/app", Secret("three")));

        var written = VaultAssert.Ok(await first.WriteAsync("secret/data/app", Secret("four")));

        Assert.Equal(4, written["version"]!.GetValue<long>());
        foreach (var (version, value) in new[] { (1, "one"), (2, "two"), (3, "three"), (4, "four") })
        {
            Assert.Equal(value, (await second.ReadDataAsync("app", version))["k"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Write_CasOfAnotherInstancesVersion_IsJudgedAgainstTheStoredVersion()
    {
        using var first = await KvTestVault.WithV2Async();
        using var second = first.SecondInstance();
        VaultAssert.Ok(await first.WriteAsync("secret/data/app", Secret("one")));
        VaultAssert.Ok(await second.WriteAsync("secret/data/app", Secret("two")));

        var stale = await first.PutAsync("app", KvTestVault.Map(("k", "stale")), cas: 1);
        var current = await first.PutAsync("app", KvTestVault.Map(("k", "three")), cas: 2);

        VaultAssert.Error(stale, 400, "check-and-set parameter did not match the current version");
        Assert.Equal(3, VaultAssert.Ok(current)["version"]!.GetValue<long>());
        Assert.Equal("three", (await second.ReadDataAsync("app", 3))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_SecretDeletedElsewhere_UpdateOnlyTokenCannotCreateItAgain()
    {
        using var first = await KvTestVault.WithV2Async();
        using var second = first.SecondInstance();
        var updateOnly = await first.TokenWithPolicyAsync("update-only", "path \"secret/data/*\" { capabilities = [\"update\"] }");
        var creator = await first.TokenWithPolicyAsync("creator", "path \"secret/data/*\" { capabilities = [\"create\", \"update\"] }");
        VaultAssert.Ok(await first.WriteAsync("secret/data/app", Secret("one")));
        VaultAssert.Ok(await first.WriteAsync("secret/data/app", Secret("two"), token: updateOnly));
        VaultAssert.NoContent(await second.DeleteAsync("secret/metadata/app"));

        var refused = await first.WriteAsync("secret/data/app", Secret("again"), token: updateOnly);
        var missing = await second.ReadAsync("secret/data/app");
        var created = await first.WriteAsync("secret/data/app", Secret("new"), token: creator);

        VaultAssert.Error(refused, 403, "permission denied");
        Assert.Equal(404, missing!.StatusCode);
        Assert.Equal(1, VaultAssert.Ok(created)["version"]!.GetValue<long>());
    }

    private static JsonObject Secret(string value) => new() { ["data"] = new JsonObject { ["k"] = value } };
}
