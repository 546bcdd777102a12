using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>backup/:name: the whole key, all versions' material, as one base64 string for restore.</summary>
internal sealed class BackupPaths(KeyPolicyStore store)
{
    public PathSpec Spec => new("backup/{name}")
    {
        Fields = [TransitFields.Name],
        Handlers = { [Operation.Read] = BackupAsync },
        Synopsis = "Back up a named key in plaintext; needs exportable and allow_plaintext_backup.",
        Description = "Records backup_info on the key first, as Vault does, so the backup carries it too.",
    };

    private async Task<VaultResponse?> BackupAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(TransitFields.Name);
        using (var existing = await store.GetAsync(context, name, cancellationToken).ConfigureAwait(false))
        {
            if (existing is null)
            {
                throw VaultException.InvalidRequest($"key \"{name}\" not found");
            }
        }

        // The change runs on the row as stored (material included) under its ETag; the last attempt's result is the
        // key as written, which is what the backup must hold.
        KeyPolicyRecord? written = null;
        var now = store.Time.GetUtcNow();
        var lease = await store.UpdateAsync(context, name, current => written = Backed(current, now), cancellationToken).ConfigureAwait(false);
        lease.Dispose();

        var bytes = StoredJson.Serialize(new KeyBackupDocument { Policy = written });
        try
        {
            return VaultResponse.WithData(new JsonObject { ["backup"] = Convert.ToBase64String(bytes) });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Vault's checks, in Vault's order: exportable, then the plaintext-backup switch (which cannot be undone).</summary>
    private static KeyPolicyRecord Backed(KeyPolicyRecord current, DateTimeOffset now)
    {
        if (!current.Exportable)
        {
            throw VaultException.InvalidRequest("exporting is disallowed on the policy");
        }

        return current.AllowPlaintextBackup
            ? current with { BackupInfo = new KeyBackupInfo { Time = now, Version = current.LatestVersion } }
            : throw VaultException.InvalidRequest("plaintext backup is disallowed on the policy");
    }
}
