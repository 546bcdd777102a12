using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// Spends one use of a secret ID at login. Limited-use secret IDs are counted with an ETag read-modify-write (the
/// last use is a delete under IfMatch), so instances racing on one secret ID never grant more logins than it has.
/// </summary>
internal static class AppRoleSecretIdUse
{
    /// <summary>
    /// The secret ID as it was when this login used it, or null when it does not exist, is used up or has expired
    /// (an expired one is deleted). <paramref name="check"/> runs before any use is spent and may throw to refuse.
    /// </summary>
    public static Task<AppRoleSecretId?> UseAsync(AppRoleStore store, AppRoleRole? role, string secretIdHmac, long now, Action<AppRoleSecretId> check, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(async () =>
        {
            var (entry, stored) = await store.ReadSecretIdAsync(role, secretIdHmac, cancellationToken).ConfigureAwait(false);
            if (role is null || entry is null || stored is null)
            {
                return null;
            }

            if (entry.IsExpired(now))
            {
                await DeleteIfUnchangedAsync(store, role, secretIdHmac, stored, entry).ConfigureAwait(false);
                return null;
            }

            check(entry);
            if (entry.NumUses == 0)
            {
                return entry;
            }

            // Not abandoned on client cancellation: the use is spent exactly when the write lands.
            if (entry.NumUses == 1)
            {
                await DeleteIfUnchangedAsync(store, role, secretIdHmac, stored, entry).ConfigureAwait(false);
            }
            else
            {
                var spent = entry with { NumUses = entry.NumUses - 1, LastUpdatedTime = now };
                await store.Storage.PutAsync(AppRoleStorageKeys.SecretId(role.SecretIdPrefix, secretIdHmac), StoredJson.Serialize(spent), PutCondition.IfMatch(stored.ETag), CancellationToken.None).ConfigureAwait(false);
            }

            return entry;
        }, cancellationToken);

    /// <summary>Deletes the secret ID only if nobody changed it since it was read; a conflict makes the caller re-read.</summary>
    private static async Task DeleteIfUnchangedAsync(AppRoleStore store, AppRoleRole role, string secretIdHmac, StorageEntry stored, AppRoleSecretId entry)
    {
        await store.Storage.CommitAsync([StorageWrite.Delete(AppRoleStorageKeys.SecretId(role.SecretIdPrefix, secretIdHmac), PutCondition.IfMatch(stored.ETag))], CancellationToken.None).ConfigureAwait(false);
        await store.Storage.DeleteAsync(AppRoleStorageKeys.Accessor(role.SecretIdPrefix, store.Hmac(entry.Accessor)), CancellationToken.None).ConfigureAwait(false);
    }
}
