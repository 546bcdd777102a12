using System.Text.Json.Nodes;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Leases;

/// <summary>
/// sys/leases/tidy: every lease gets its index row and minute marker back if a crash lost them, and index rows that
/// point at no lease (or at a lease that has moved on) are removed. Idempotent.
/// </summary>
internal sealed class LeaseTidy(LeaseStore store, LeaseRevoker revoker)
{
    public async Task<LeaseTidyResult> RunAsync(CancellationToken cancellationToken)
    {
        var leases = 0;
        var reindexed = 0;
        foreach (var leaseId in await revoker.LeaseIdsUnderAsync("", cancellationToken).ConfigureAwait(false))
        {
            var (entry, _) = await store.ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                continue;
            }

            leases++;
            // A token's own lease is indexed by its minute marker alone; any other lease by its row in the token folder.
            var index = LeaseStore.IsOwnTokenLease(entry)
                ? LeaseStoragePaths.Marker(entry.DueTime, entry.TokenKey)
                : LeaseStoragePaths.TokenRow(entry.TokenKey, entry.DueTime, entry.Suffix);
            if (await store.Storage.GetAsync(index, cancellationToken).ConfigureAwait(false) is null)
            {
                await store.ReindexAsync(entry, cancellationToken).ConfigureAwait(false);
                reindexed++;
            }
        }

        var dangling = 0;
        foreach (var folder in await store.Storage.ListAsync(LeaseStoragePaths.Tokens, cancellationToken).ConfigureAwait(false))
        {
            if (!folder.EndsWith('/'))
            {
                continue;
            }

            foreach (var (due, path) in await store.TokenRowsAsync(LeaseStoragePaths.TokenKeyOf(folder.TrimEnd('/')), cancellationToken).ConfigureAwait(false))
            {
                if (await store.FollowAsync(path, due, cancellationToken).ConfigureAwait(false) is null)
                {
                    dangling++;
                }
            }
        }

        return new LeaseTidyResult(leases, reindexed, dangling);
    }
}
