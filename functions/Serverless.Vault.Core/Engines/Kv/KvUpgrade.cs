using System.Text.Json.Nodes;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// Moves a v1 mount's secrets into the v2 layout (each becomes version 1) when the mount is tuned to version 2.
/// Runs before the v2 backend serves its first request on an instance; idempotent and resumable, so two instances
/// or a crash half-way are harmless: a secret already moved is skipped, and the v1 row goes only after its copy.
/// </summary>
internal sealed class KvUpgrade(IStorage storage, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done && await storage.GetAsync(KvStorageKeys.UpgradedKey, cancellationToken).ConfigureAwait(false) is null)
            {
                await MoveAllAsync(cancellationToken).ConfigureAwait(false);
                await storage.PutAsync(KvStorageKeys.UpgradedKey, "{}"u8.ToArray(), PutCondition.None, CancellationToken.None).ConfigureAwait(false);
            }

            _done = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task MoveAllAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var key in StorageTree.KeysAsync(storage, KvStorageKeys.V1Prefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            var entry = await storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                continue;
            }

            var path = key[KvStorageKeys.V1Prefix.Length..];
            var now = time.GetUtcNow();
            var record = new KvSecretRecord
            {
                CurrentVersion = 1,
                OldestVersion = 1,
                CreatedTime = now,
                UpdatedTime = now,
                Versions = new Dictionary<long, KvVersionInfo> { [1] = new() { CreatedTime = now } },
                CurrentData = JsonNode.Parse(entry.Value)!.AsObject(),
            };
            try
            {
                await new KvSecretStore(storage).CommitAsync(path, record, etag: null, [], CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                // Moved already, by another instance or an earlier, interrupted run.
            }

            await storage.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
