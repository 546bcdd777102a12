using System.Text;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Serverless.Vault.Azure.Storage;
using Serverless.Vault.Azure.Tests.Fixtures;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Azure.Tests.Storage;

/// <summary>
/// A writer acts at the exact step of a deleter's marker cleanup where a careless protocol would lose the marker of
/// a folder that is in use again (see <see cref="FolderMarkers"/>).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MarkerRaceTests(AzuriteFixture azurite) : IDisposable
{
    private readonly FaultInjectingHandler _handler = new();
    private readonly string _tableName = AzuriteFixture.CreateTableName();

    private static CancellationToken None => CancellationToken.None;

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Delete_WriterUpsertsTheMarkerBeforeItsConditionalDelete_MarkerSurvives()
    {
        // Between the deleter's emptiness check and its delete of marker "a/b": the ETag it read is stale by then.
        var raced = await DeleteWhileWriterActsAsync(
            request => request.Method == HttpMethod.Delete && Decoded(request).Contains("RowKey='b%2F'", StringComparison.Ordinal));

        Assert.True(raced, "The writer never ran at the marker delete.");
        await AssertFolderListedAsync();
    }

    [Fact]
    public async Task Delete_WriterWritesJustBeforeTheMarkerIsRead_MarkerSurvives()
    {
        // Just before the deleter reads marker "a/b". Reading the ETag first and checking emptiness second is what
        // makes this safe: the other order would see an empty folder, then read the writer's fresh ETag and delete.
        var raced = await DeleteWhileWriterActsAsync(
            request => request.Method == HttpMethod.Get && Decoded(request).Contains("RowKey='b%2F'", StringComparison.Ordinal));

        Assert.True(raced, "The writer never ran at the marker read.");
        await AssertFolderListedAsync();
    }

    private async Task<bool> DeleteWhileWriterActsAsync(Func<HttpRequestMessage, bool> at)
    {
        var options = new TableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = _tableName };
        var clientOptions = TableStorage.CreateClientOptions(options);
        clientOptions.Transport = new HttpClientTransport(_handler);
        var deleter = new TableStorage(new TableServiceClient(options.ConnectionString, clientOptions), options);
        var writer = new TableStorage(options);
        await writer.PutAsync("a/b/old", Encoding.UTF8.GetBytes("old"), PutCondition.None, None);

        var raced = 0;
        _handler.BeforeSend = async request =>
        {
            if (at(request) && Interlocked.Exchange(ref raced, 1) == 0)
            {
                await writer.PutAsync("a/b/new", Encoding.UTF8.GetBytes("new"), PutCondition.None, None);
            }
        };
        await deleter.DeleteAsync("a/b/old", None);
        return raced == 1;
    }

    private async Task AssertFolderListedAsync()
    {
        var reader = new TableStorage(new TableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = _tableName });
        Assert.Equal(["a/"], await reader.ListAsync("", None));
        Assert.Equal(["b/"], await reader.ListAsync("a/", None));
        Assert.Equal(["new"], await reader.ListAsync("a/b/", None));
    }

    private static string Decoded(HttpRequestMessage request) => Uri.UnescapeDataString(request.RequestUri!.PathAndQuery);
}
