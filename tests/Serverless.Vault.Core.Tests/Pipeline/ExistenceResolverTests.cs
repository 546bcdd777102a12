using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Pipeline;

namespace Serverless.Vault.Core.Tests.Pipeline;

public sealed class ExistenceResolverTests
{
    private static VaultRequest Request(Operation operation) => new() { RequestId = "r", Operation = operation, Path = "x", Data = [] };

    private static PathMatch Match(ExistenceCheck? check) =>
        new(new PathSpec("x") { Existence = check }, new Dictionary<string, string>());

    [Theory]
    [InlineData(true, Operation.Update)]
    [InlineData(false, Operation.Create)]
    public async Task Resolve_Write_BecomesCreateOrUpdateByExistence(bool exists, Operation expected)
    {
        var resolved = await ExistenceResolver.ResolveAsync(Request(Operation.Update), Match((_, _) => Task.FromResult(exists)), CancellationToken.None);

        Assert.Equal(expected, resolved.Operation);
    }

    [Fact]
    public async Task Resolve_NoExistenceCheck_StaysUpdate()
    {
        var resolved = await ExistenceResolver.ResolveAsync(Request(Operation.Update), Match(null), CancellationToken.None);

        Assert.Equal(Operation.Update, resolved.Operation);
    }

    [Theory]
    [InlineData(Operation.Read)]
    [InlineData(Operation.Delete)]
    [InlineData(Operation.List)]
    public async Task Resolve_NotAWrite_CheckNotRun(Operation operation)
    {
        var ran = false;
        var request = Request(operation);

        var resolved = await ExistenceResolver.ResolveAsync(request, Match((_, _) => { ran = true; return Task.FromResult(true); }), CancellationToken.None);

        Assert.False(ran);
        Assert.Same(request, resolved);
    }

    [Fact]
    public async Task Resolve_ReturnsNewRequest_OriginalUnchanged()
    {
        var request = Request(Operation.Update);

        var resolved = await ExistenceResolver.ResolveAsync(request, Match((_, _) => Task.FromResult(false)), CancellationToken.None);

        Assert.Equal(Operation.Create, resolved.Operation);
        Assert.Equal(Operation.Update, request.Operation);
    }

    [Fact]
    public async Task Resolve_KvThroughHandler_NewKeyIsCreateExistingIsUpdate()
    {
        // The KV existence check reads the mount-scoped storage, so the same routed write flips once the key exists.
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");
        var request = new VaultRequest { RequestId = "r", Operation = Operation.Update, Path = "kv/new", Data = new JsonObject { ["a"] = "b" } };

        // Routing scopes each request to its own storage view (with a per-request read cache), so route twice.
        var (routed, match) = await vault.Get<MountRouter>().RouteAsync(request, CancellationToken.None);
        Assert.Equal(Operation.Create, (await ExistenceResolver.ResolveAsync(routed, match, CancellationToken.None)).Operation);

        VaultAssert.NoContent(await vault.WriteAsync("kv/new", new JsonObject { ["a"] = "b" }));
        var (again, againMatch) = await vault.Get<MountRouter>().RouteAsync(request, CancellationToken.None);
        Assert.Equal(Operation.Update, (await ExistenceResolver.ResolveAsync(again, againMatch, CancellationToken.None)).Operation);
    }
}
