using Azure.Data.Tables;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Baselines;

/// <summary>
/// table_read / table_upsert: raw Azure.Data.Tables point read or upsert of one entity with a "payload_size"-byte
/// value (default 128) against option "connection_string" (e.g. Azurite's), in a fresh table that cleanup deletes.
/// </summary>
internal sealed class TableBaseline(TableMode mode) : ILoadTest
{
    private TableClient? _table;
    private string _payload = "";
    private int _count;

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var service = new TableServiceClient(context.Options.Required("connection_string"));
        _table = service.GetTableClient(context.Options.String("table", "load" + Payloads.Suffix()));
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _payload = Payloads.Text(context.Options.Int("payload_size", 128));
        _count = Math.Max(1, context.Options.Int("entity_count", 100));
        await _table.UpsertEntityAsync(Entity("seed"), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public Task RunAsync(CancellationToken cancellationToken) => mode == TableMode.PointRead
        ? _table!.GetEntityAsync<TableEntity>("load", "seed", cancellationToken: cancellationToken)
        : _table!.UpsertEntityAsync(Entity("e" + Random.Shared.Next(_count)), TableUpdateMode.Replace, cancellationToken);

    public Task CleanupAsync(CancellationToken cancellationToken) => _table!.DeleteAsync(cancellationToken);

    private TableEntity Entity(string rowKey) => new("load", rowKey) { ["value"] = _payload };
}
