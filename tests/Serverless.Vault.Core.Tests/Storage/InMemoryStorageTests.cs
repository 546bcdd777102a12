using Serverless.Vault.Core.Storage;
using Serverless.Vault.Testing.Storage;

namespace Serverless.Vault.Core.Tests.Storage;

public sealed class InMemoryStorageTests : StorageConformanceTests
{
    protected override Task<IStorage> CreateStorageAsync() => Task.FromResult<IStorage>(new InMemoryStorage());

    [Fact]
    public async Task Operations_CancelledToken_Throw()
    {
        var storage = new InMemoryStorage();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.PutAsync("k", new byte[] { 1 }, PutCondition.None, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => storage.GetAsync("k", cancelled.Token));
        Assert.Empty(await storage.ListAsync("", CancellationToken.None));
    }
}
