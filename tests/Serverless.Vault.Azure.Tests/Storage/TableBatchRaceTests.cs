using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Serverless.Vault.Azure.Storage;
using Serverless.Vault.Azure.Tests.Fixtures;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Azure.Tests.Storage;

/// <summary>
/// Another writer acts between the rounds of a batch whose unconditional deletes miss their rows (see
/// <see cref="TableBatch.SubmitAsync"/>): just before the batch is sent again.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableBatchRaceTests(AzuriteFixture azurite) : IDisposable
{
    private readonly FaultInjectingHandler _handler = new();
    private readonly string _tableName = AzuriteFixture.CreateTableName();

    private static CancellationToken None => CancellationToken.None;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Commit_RowDeletedConcurrentlyBeforeTheRetry_IsLeftOutInTurn()
    {
        var (batcher, other) = await CreateStoragesAsync();
        await other.PutAsync("a/present", "x"u8.ToArray(), PutCondition.None, None);
        ActBeforeTransaction(2, () => other.DeleteAsync("a/present", None));

        await batcher.CommitAsync(
            [
                StorageWrite.Put("a/new", "y"u8.ToArray(), PutCondition.None),
                StorageWrite.Delete("a/missing", PutCondition.None),
                StorageWrite.Delete("a/present", PutCondition.None),
            ],
            None);

        // Fails at "missing"; reads "present"; fails at "present", deleted meanwhile; commits "new"; its marker.
        Assert.Equal(1 + 1 + 1 + 1 + 1, _handler.Requests);
        Assert.Equal(["new"], await other.ListAsync("a/", None));
    }

    [Fact]
    public async Task Commit_MissingKeyCreatedConcurrentlyBeforeTheRetry_SurvivesAsIfCreatedAfterTheBatch()
    {
        // The documented departure from one atomic step: the batch found "a/missing" absent and left its delete out.
        var (batcher, other) = await CreateStoragesAsync();
        ActBeforeTransaction(2, () => other.PutAsync("a/missing", "late"u8.ToArray(), PutCondition.NotExists, None));

        await batcher.CommitAsync(
            [StorageWrite.Put("a/new", "y"u8.ToArray(), PutCondition.None), StorageWrite.Delete("a/missing", PutCondition.None)], None);

        Assert.Equal(["missing", "new"], await other.ListAsync("a/", None));
    }

    /// <summary>The batcher goes through the handler and has created the table already, so the counts start at 0.</summary>
    private async Task<(TableStorage Batcher, TableStorage Other)> CreateStoragesAsync()
    {
        var options = new TableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = _tableName };
        var clientOptions = TableStorage.CreateClientOptions(options);
        clientOptions.Transport = new HttpClientTransport(_handler);
        var batcher = new TableStorage(new TableServiceClient(options.ConnectionString, clientOptions), options);
        await batcher.ListAsync("", None);
        _handler.ResetCounts();
        return (batcher, new TableStorage(options));
    }

    /// <summary>Runs <paramref name="act"/> once, just before the batcher sends its transaction number <paramref name="ordinal"/>.</summary>
    private void ActBeforeTransaction(int ordinal, Func<Task> act)
    {
        var transactions = 0;
        _handler.BeforeSend = async request =>
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal)
                && Interlocked.Increment(ref transactions) == ordinal)
            {
                await act();
            }
        };
    }
}
