using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// Soft-deletes, undeletes or destroys versions: the metadata row changes under its ETag, and destroying drops the
/// version rows in the same transaction. Unknown versions are ignored, as in Vault.
/// </summary>
internal sealed class KvVersionChanges(TimeProvider time)
{
    public async Task ApplyAsync(
        KvSecretStore store, string path, Func<KvSecretRecord, IEnumerable<long>> versionsOf, KvVersionChange change, CancellationToken cancellationToken)
    {
        await ConflictRetry.RunAsync(async () =>
        {
            var (record, etag) = await store.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return;
            }

            var (next, rows) = Change(path, record, versionsOf(record).ToHashSet(), change, time.GetUtcNow());
            if (next != record)
            {
                await store.CommitAsync(path, next, etag, rows, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static (KvSecretRecord Next, List<StorageWrite> Rows) Change(
        string path, KvSecretRecord record, HashSet<long> targets, KvVersionChange change, DateTimeOffset now)
    {
        var versions = new SortedDictionary<long, KvVersionInfo>(record.Versions.ToDictionary());
        var rows = new List<StorageWrite>();
        var currentData = record.CurrentData;
        var changed = false;
        foreach (var version in targets.Where(v => versions.ContainsKey(v) && !versions[v].Destroyed).Order())
        {
            var info = versions[version];
            versions[version] = change switch
            {
                KvVersionChange.Delete => info.DeletionTime is { } deleted && deleted <= now ? info with { AutoDelete = false } : info with { DeletionTime = now, AutoDelete = false },
                KvVersionChange.Undelete => info with { DeletionTime = null, AutoDelete = false },
                _ => info with { Destroyed = true },
            };
            changed |= versions[version] != info;
            if (change == KvVersionChange.Destroy)
            {
                // The data goes for good: the current version's lives in the metadata row, older ones in their own.
                // The current version's data may sit in the metadata row or, when large, in its own row: clear both.
                if (version == record.CurrentVersion)
                {
                    currentData = null;
                }

                rows.Add(KvSecretStore.DeleteVersion(path, version));
            }
        }

        return changed
            ? (record with { Versions = versions, CurrentData = currentData, UpdatedTime = now }, rows)
            : (record, rows);
    }
}
