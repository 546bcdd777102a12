using System.Diagnostics;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Serverless.Vault.Azure.Storage;
using Serverless.Vault.Azure.Tests.Fixtures;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Azure.Tests.Storage;

/// <summary>Retries, timeouts, deadlines and paging, with faults injected between the client and a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableStoragePipelineTests(AzuriteFixture azurite) : IDisposable
{
    private readonly FaultInjectingHandler _handler = new();

    private static CancellationToken None => CancellationToken.None;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Put_TransientServiceUnavailable_IsRetriedAndSucceeds()
    {
        var storage = await CreateReadyStorageAsync(new TableStorageOptions { MaxRetries = 5 });
        _handler.FailNext(3);

        await storage.PutAsync("a/b", Encoding.UTF8.GetBytes("value"), PutCondition.NotExists, None);

        Assert.Equal(3, _handler.InjectedFailures);
        Assert.Equal("value", Encoding.UTF8.GetString((await storage.GetAsync("a/b", None))!.Value));
        Assert.Equal(["b"], await storage.ListAsync("a/", None));
    }

    [Fact]
    public async Task Put_PersistentServiceUnavailable_GivesUpWhenTheDeadlinePasses()
    {
        // Retries that would go on for minutes: the caller's deadline must end them.
        var storage = await CreateReadyStorageAsync(new TableStorageOptions { MaxRetries = 1000 });
        _handler.FailForever();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => storage.PutAsync("a/b", Encoding.UTF8.GetBytes("value"), PutCondition.None, deadline.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(5));
        Assert.True(_handler.InjectedFailures > 2, $"Only {_handler.InjectedFailures} attempts were made.");
    }

    [Fact]
    public async Task Get_PersistentServiceUnavailable_FailsAfterTheLastRetry()
    {
        var storage = await CreateReadyStorageAsync(new TableStorageOptions { MaxRetries = 2 });
        _handler.FailForever();

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => storage.GetAsync("a/b", None));

        Assert.Equal(503, failure.Status);
        Assert.Equal(3, _handler.InjectedFailures);
    }

    [Fact]
    public async Task Put_ConnectionThatStopsAnswering_TimesOutAndIsRetried()
    {
        var storage = await CreateReadyStorageAsync(new TableStorageOptions { NetworkTimeout = TimeSpan.FromMilliseconds(300) });
        _handler.HangNext(1);

        await storage.PutAsync("a/b", Encoding.UTF8.GetBytes("value"), PutCondition.None, None);

        Assert.Equal(1, _handler.Hangs);
        Assert.Equal("value", Encoding.UTF8.GetString((await storage.GetAsync("a/b", None))!.Value));
    }

    [Fact]
    public async Task List_MoreRowsThanAPage_FollowsContinuationTokens()
    {
        var storage = await CreateReadyStorageAsync(new TableStorageOptions { ListPageSize = 2 });
        var names = Enumerable.Range(0, 7).Select(i => $"k{i}").ToList();
        foreach (var name in names)
        {
            await storage.PutAsync("f/" + name, new byte[] { 1 }, PutCondition.None, None);
        }

        _handler.ResetCounts();
        var listed = await storage.ListAsync("f/", None);

        Assert.Equal(names, listed);
        Assert.Equal(4, _handler.Queries);
    }

    [Fact]
    public async Task Operations_ConcurrentFirstUse_CreateTheTableOnce()
    {
        var storage = CreateStorage(new TableStorageOptions());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => storage.PutAsync($"k{i}", new byte[] { 1 }, PutCondition.None, None)));

        Assert.Equal(8, (await storage.ListAsync("", None)).Count);
        Assert.Equal(1, _handler.TableCreations);
    }

    private TableStorage CreateStorage(TableStorageOptions options)
    {
        options = options with
        {
            ConnectionString = azurite.ConnectionString,
            TableName = AzuriteFixture.CreateTableName(),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        };
        var clientOptions = TableStorage.CreateClientOptions(options);
        clientOptions.Transport = new HttpClientTransport(_handler);
        return new TableStorage(new TableServiceClient(options.ConnectionString, clientOptions), options);
    }

    /// <summary>A storage whose table exists already, so that injected faults hit the operation under test.</summary>
    private async Task<TableStorage> CreateReadyStorageAsync(TableStorageOptions options)
    {
        var storage = CreateStorage(options);
        await storage.ListAsync("", None);
        _handler.ResetCounts();
        return storage;
    }
}
