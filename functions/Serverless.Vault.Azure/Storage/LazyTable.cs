using Azure.Data.Tables;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// Creates the table on first use, once per process however many requests arrive together. A failed or
/// cancelled creation is not cached: the next caller tries again.
/// </summary>
internal sealed class LazyTable(TableClient client)
{
    private readonly Lock _gate = new();
    private Task? _creation;

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                // Not tied to one caller's token: a caller that gives up must not fail the others waiting on it.
                // The client's retry policy and network timeout bound how long it can take.
                _creation = client.CreateIfNotExistsAsync(CancellationToken.None);
            }

            creation = _creation;
        }

        await creation.WaitAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }
}
