using System.Text;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Azure.Storage;
using Serverless.Vault.Azure.Tests.Fixtures;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Azure.Tests.Storage;

/// <summary>
/// What each write costs in requests to the Table service and in transaction bytes, counted at the HTTP handler in
/// front of a real Azurite. A key in "a/b/" has two folder markers: "a/b" and "a".
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableStorageCostTests(AzuriteFixture azurite) : IDisposable
{
    private const int Markers = 2;

    private readonly FaultInjectingHandler _handler = new();

    private static CancellationToken None => CancellationToken.None;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Put_CreateCostsOnePlusTheMarkers_IfMatchUpdateCostsOne()
    {
        var storage = await CreateReadyStorageAsync();

        var created = await storage.PutAsync("a/b/c", Text("1"), PutCondition.NotExists, None);
        Assert.Equal(1 + Markers, _handler.Requests);

        _handler.ResetCounts();
        await storage.PutAsync("a/b/c", Text("2"), PutCondition.IfMatch(created), None);
        Assert.Equal(1, _handler.Requests);

        // An unconditional put may create the row, so it keeps the marker upserts.
        _handler.ResetCounts();
        await storage.PutAsync("a/b/c", Text("3"), PutCondition.None, None);
        Assert.Equal(1 + Markers, _handler.Requests);
    }

    [Fact]
    public async Task Commit_CreateCostsOnePlusTheMarkers_IfMatchUpdateCostsOne()
    {
        var storage = await CreateReadyStorageAsync();

        var created = await storage.CommitAsync([Put("a/b/c", PutCondition.NotExists), Put("a/b/d", PutCondition.None)], None);
        Assert.Equal(1 + Markers, _handler.Requests);

        _handler.ResetCounts();
        await storage.CommitAsync([Put("a/b/c", PutCondition.IfMatch(created[0]!)), Put("a/b/d", PutCondition.IfMatch(created[1]!))], None);
        Assert.Equal(1, _handler.Requests);
        Assert.Equal(["b/"], await storage.ListAsync("a/", None));
    }

    [Fact]
    public async Task Commit_NewRowBesideAnIfMatchPut_CostsTheTransactionAlone()
    {
        var storage = await CreateReadyStorageAsync();
        var created = await storage.PutAsync("a/b/meta", Text("1"), PutCondition.NotExists, None);
        _handler.ResetCounts();

        // The IfMatch row exists before, during and after the batch, so the folder's markers need no upsert.
        await storage.CommitAsync([Put("a/b/meta", PutCondition.IfMatch(created)), Put("a/b/v1", PutCondition.None)], None);

        Assert.Equal(1, _handler.Requests);
        Assert.Equal(["b/"], await storage.ListAsync("a/", None));
        Assert.Equal(["meta", "v1"], (await storage.ListAsync("a/b/", None)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Commit_DeletingTheLastKeys_CostsOnePlusOneCleanupWalk()
    {
        var storage = await CreateReadyStorageAsync();
        await storage.CommitAsync([Put("a/b/c", PutCondition.None), Put("a/b/d", PutCondition.None)], None);
        _handler.ResetCounts();

        await storage.CommitAsync([StorageWrite.Delete("a/b/c", PutCondition.None), StorageWrite.Delete("a/b/d", PutCondition.None)], None);

        // Per emptied folder: read the marker, check the partition, delete the marker.
        Assert.Equal(1 + (3 * Markers), _handler.Requests);
        Assert.Empty(await storage.ListAsync("", None));
    }

    [Fact]
    public async Task Commit_UnconditionalDeletesOfMissingKeys_CostTwoTransactionsAndOneReadPerLaterDelete()
    {
        var storage = await CreateReadyStorageAsync();
        await storage.PutAsync("a/b/present", Text("x"), PutCondition.None, None);
        _handler.ResetCounts();

        await storage.CommitAsync(
            [
                Put("a/b/new", PutCondition.None),
                StorageWrite.Delete("a/b/missing1", PutCondition.None),
                StorageWrite.Delete("a/b/present", PutCondition.None),
                StorageWrite.Delete("a/b/missing2", PutCondition.None),
                StorageWrite.Delete("a/b/missing3", PutCondition.None),
            ],
            None);

        // The first transaction fails at missing1; the three deletes after it are read; the second transaction
        // commits "new" and "present"; then the markers of the created row.
        Assert.Equal(1 + 3 + 1 + Markers, _handler.Requests);
        Assert.Equal(["new"], await storage.ListAsync("a/b/", None));
    }

    [Fact]
    public async Task Commit_WorstBatchStorageLimitsAllow_IsCommittedAndItsBodyStaysWithinTheEstimate()
    {
        var storage = await CreateReadyStorageAsync();
        var batch = TableLimitsTests.WorstBatch();
        var estimate = TableLimits.TransactionEnvelopeBytes + batch.Sum(write =>
        {
            var address = TableKeyCodec.ValueAddress(write.Key);
            return TableLimits.EstimateOperationBytes(address, ValueChunks.ToEntity(address, write.Value!.Value.Span));
        });
        _handler.MeasureBodies = true;

        await storage.CommitAsync(batch, None);

        Assert.InRange(_handler.LargestBody, StorageLimits.MaxBatchBytes * 4L / 3, estimate);
        Assert.True(estimate <= TableLimits.MaxTransactionBytes, $"Estimated {estimate} bytes, measured {_handler.LargestBody}.");
        Assert.Equal(StorageLimits.MaxBatchWrites, (await storage.ListAsync(StorageLimits.FolderOf(batch[0].Key) + "/", None)).Count);
    }

    [Fact]
    public async Task PermanentFolder_MarkersWrittenOnceThenSkipped_AndKeptWhenEmpty()
    {
        var storage = await CreateReadyStorageAsync(["a/b/"]);

        await storage.PutAsync("a/b/c", Text("1"), PutCondition.NotExists, None);
        Assert.Equal(1 + Markers, _handler.Requests);

        // The walk went through "a/b" to the top once: later writes below it upsert no marker at or above it.
        _handler.ResetCounts();
        await storage.PutAsync("a/b/d", Text("2"), PutCondition.NotExists, None);
        await storage.CommitAsync([Put("a/b/e", PutCondition.NotExists), Put("a/b/f", PutCondition.None)], None);
        Assert.Equal(2, _handler.Requests);

        // A folder below it keeps its own marker upkeep: one upsert to create, the full cleanup walk up to "a/b".
        _handler.ResetCounts();
        await storage.PutAsync("a/b/x/y", Text("3"), PutCondition.NotExists, None);
        Assert.Equal(1 + 1, _handler.Requests);
        _handler.ResetCounts();
        await storage.DeleteAsync("a/b/x/y", None);
        Assert.Equal(1 + 3, _handler.Requests);
        Assert.DoesNotContain("x/", await storage.ListAsync("a/b/", None));

        // Emptied, the permanent folder stays listed, and deleting below it walks no further.
        _handler.ResetCounts();
        await storage.CommitAsync([StorageWrite.Delete("a/b/c", PutCondition.None), StorageWrite.Delete("a/b/d", PutCondition.None)], None);
        await storage.CommitAsync([StorageWrite.Delete("a/b/e", PutCondition.None), StorageWrite.Delete("a/b/f", PutCondition.None)], None);
        Assert.Equal(2, _handler.Requests);
        Assert.Empty(await storage.ListAsync("a/b/", None));
        Assert.Equal(["b/"], await storage.ListAsync("a/", None));
        Assert.Equal(["a/"], await storage.ListAsync("", None));
    }

    [Fact]
    public async Task PermanentFolder_AnotherInstanceWalksOnceItself()
    {
        var table = AzuriteFixture.CreateTableName();
        var first = await CreateReadyStorageAsync(["a/b/"], table);
        await first.PutAsync("a/b/c", Text("1"), PutCondition.NotExists, None);
        var second = await CreateReadyStorageAsync(["a/b/"], table);

        await second.PutAsync("a/b/d", Text("2"), PutCondition.NotExists, None);
        Assert.Equal(1 + Markers, _handler.Requests);
        _handler.ResetCounts();
        await second.PutAsync("a/b/e", Text("3"), PutCondition.NotExists, None);
        Assert.Equal(1, _handler.Requests);
        Assert.Equal(["c", "d", "e"], (await second.ListAsync("a/b/", None)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PermanentFolder_MarkerRemovedBySomethingElse_IsBackWithinTheRewalkInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var table = AzuriteFixture.CreateTableName();
        var storage = await CreateReadyStorageAsync(["a/b/"], table, time);
        await storage.PutAsync("a/b/c", Text("1"), PutCondition.NotExists, None);

        // An instance that does not know "a/b" as permanent (an earlier version) empties it and removes its marker.
        var other = await CreateReadyStorageAsync(null, table);
        await other.DeleteAsync("a/b/c", None);
        Assert.Empty(await other.ListAsync("a/", None));

        await storage.PutAsync("a/b/d", Text("2"), PutCondition.NotExists, None);
        Assert.Empty(await storage.ListAsync("a/", None));

        time.Advance(PermanentFolders.RewalkInterval);
        await storage.PutAsync("a/b/e", Text("3"), PutCondition.NotExists, None);
        Assert.Equal(["b/"], await storage.ListAsync("a/", None));
        Assert.Equal(["a/"], await storage.ListAsync("", None));
    }

    private static ReadOnlyMemory<byte> Text(string text) => Encoding.UTF8.GetBytes(text);

    private static StorageWrite Put(string key, PutCondition condition) => StorageWrite.Put(key, Text(key), condition);

    /// <summary>A storage whose table exists already, with the handler's counts reset.</summary>
    private async Task<TableStorage> CreateReadyStorageAsync(IReadOnlyCollection<string>? permanentFolders = null, string? tableName = null, TimeProvider? time = null)
    {
        var options = new TableStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            TableName = tableName ?? AzuriteFixture.CreateTableName(),
            PermanentFolders = permanentFolders ?? [],
            Time = time ?? TimeProvider.System,
        };
        var clientOptions = TableStorage.CreateClientOptions(options);
        clientOptions.Transport = new HttpClientTransport(_handler);
        var storage = new TableStorage(new TableServiceClient(options.ConnectionString, clientOptions), options);
        await storage.ListAsync("", None);
        _handler.ResetCounts();
        return storage;
    }
}
