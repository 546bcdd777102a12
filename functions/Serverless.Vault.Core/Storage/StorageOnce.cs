namespace Serverless.Vault.Core.Storage;

/// <summary>
/// A value created once per vault and then shared by every instance (a salt, a key): read it, or create it with
/// NotExists so that of two instances creating it at once one wins and the other adopts the winner's.
/// </summary>
public static class StorageOnce
{
    public static async Task<byte[]> GetOrCreateAsync(IStorage storage, string key, Func<byte[]> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(create);
        while (true)
        {
            if (await storage.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing.Value;
            }

            var fresh = create();
            try
            {
                // Not abandoned on client cancellation: one conditional put, all or nothing.
                await storage.PutAsync(key, fresh, PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
                return fresh;
            }
            catch (StorageConflictException)
            {
                // Another instance created it first: forget ours and read theirs.
                global::System.Security.Cryptography.CryptographicOperations.ZeroMemory(fresh);
            }
        }
    }
}
