using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Performance;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Wrapping;

/// <summary>What wrapping and unwrapping cost in storage writes, so a change that adds round trips shows up.</summary>
public sealed class WrappingStorageCostTests
{
    [Fact]
    public async Task Wrap_And_Unwrap_StayWithinTheirWriteBudgets()
    {
        var counting = new CountingStorage(new InMemoryStorage());
        using var vault = await TestVault.InitializedAsync(services => services.AddSingleton<IStorage>(counting));
        WrappingKit.WrapInfo(await vault.SendWrappedAsync(Operation.Update, "sys/wrapping/wrap", WrappingKit.FiveMinutes, new JsonObject { ["a"] = 1 }));

        counting.Reset();
        var token = WrappingKit.Token(WrappingKit.WrapInfo(
            await vault.SendWrappedAsync(Operation.Update, "sys/wrapping/wrap", WrappingKit.FiveMinutes, new JsonObject { ["a"] = 2 })));
        var wrapWrites = counting.Counts.WriteRoundTrips;

        counting.Reset();
        Assert.Equal(2, WrappingKit.Unwrapped(await vault.UnwrapAsync(token))["data"]!["a"]!.GetValue<int>());
        var unwrapWrites = counting.Counts.WriteRoundTrips;

        // Wrap: the token (accessor and entry rows), its lease row and indexes, the two cubbyhole entries. Unwrap: the
        // claimed use, then the revocation (lease rows, cubbyhole entries, accessor, entry). Measured: 7 and 7.
        Assert.InRange(wrapWrites, 1, 7);
        Assert.InRange(unwrapWrites, 1, 7);
    }
}
