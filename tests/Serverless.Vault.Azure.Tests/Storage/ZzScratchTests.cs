using Azure;
using Azure.Data.Tables;
using Serverless.Vault.Azure.Tests.Fixtures;
using Serverless.Vault.Testing.Fixtures;
using Xunit.Abstractions;

namespace Serverless.Vault.Azure.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class ZzScratchStorageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private sealed class Dump() : DelegatingHandler(new SocketsHttpHandler())
    {
        public string? Last;
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Content is not null) { Last = await request.Content.ReadAsStringAsync(ct); }
            return await base.SendAsync(request, ct);
        }
    }

    [Fact]
    public async Task Body()
    {
        var dump = new Dump();
        var o = new TableClientOptions { Transport = new global::Azure.Core.Pipeline.HttpClientTransport(dump) };
        var table = new TableServiceClient(azurite.ConnectionString, o).GetTableClient(AzuriteFixture.CreateTableName());
        await table.CreateAsync();
        var etag = (await table.AddEntityAsync(new TableEntity("p%23'\u65E5", "e"))).Headers.ETag!.Value;
        await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p%23'\u65E5", "n'<&\u65E5%25") { ["D0"] = new byte[] { 1, 2, 3 } }),
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity("p%23'\u65E5", "e") { ["D0"] = new byte[] { 1 } }, etag),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("p%23'\u65E5", "x"), ETag.All),
        ]).ContinueWith(_ => { });
        output.WriteLine(dump.Last);
        output.WriteLine($"LEN {System.Text.Encoding.UTF8.GetByteCount(dump.Last!)}");
    }

    [Fact]
    public async Task Probe()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.CreateTableName());
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "exists") { ["D0"] = new byte[] { 1 } });
        var r = await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "new") { ["D0"] = new byte[] { 1 } }),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "up") { ["D0"] = new byte[] { 1 } }),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("p", "exists"), ETag.All),
        ]);
        foreach (var sub in r.Value) output.WriteLine($"sub {sub.Status} etag={sub.Headers.ETag}");
        var got = await table.GetEntityAsync<TableEntity>("p", "new");
        output.WriteLine($"get etag={got.Value.ETag}");
        foreach (var (name, actions) in new (string, TableTransactionAction[])[] {
            ("delete missing", [new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "x")), new(TableTransactionActionType.Delete, new TableEntity("p", "missing"), ETag.All)]),
            ("add existing", [new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "x")), new(TableTransactionActionType.Add, new TableEntity("p", "new"))]),
            ("stale ifmatch", [new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "x")), new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "new"), new ETag("W/\"datetime'2020-01-01T00%3A00%3A00.0000000Z'\""))]),
            ("ifmatch missing", [new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "x")), new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "gone"), got.Value.ETag)]),
            ("delete stale", [new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "x")), new(TableTransactionActionType.Delete, new TableEntity("p", "new"), new ETag("W/\"datetime'2020-01-01T00%3A00%3A00.0000000Z'\""))]),
            ("delete ifmatch missing", [new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "x")), new(TableTransactionActionType.Delete, new TableEntity("p", "gone"), got.Value.ETag)]),
            ("two failures", [new(TableTransactionActionType.Delete, new TableEntity("p", "gone1"), ETag.All), new(TableTransactionActionType.Delete, new TableEntity("p", "gone2"), ETag.All)]),
        })
        {
            try { await table.SubmitTransactionAsync(actions); output.WriteLine($"{name}: no error"); }
            catch (TableTransactionFailedException e) { output.WriteLine($"{name}: TTFE status={e.Status} code={e.ErrorCode} index={e.FailedTransactionActionIndex}"); }
            catch (RequestFailedException e) { output.WriteLine($"{name}: RFE status={e.Status} code={e.ErrorCode}"); }
            output.WriteLine($"  x exists: {(await table.GetEntityIfExistsAsync<TableEntity>("p", "x")).HasValue}");
        }
    }
}
