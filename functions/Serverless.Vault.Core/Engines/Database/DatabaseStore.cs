using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>Typed reads and writes of the engine's rows in a mount's storage view.</summary>
internal static class DatabaseStore
{
    public static async Task<(T? Value, StorageEntry? Entry)> ReadAsync<T>(IStorage storage, string prefix, string name, CancellationToken cancellationToken)
        where T : class =>
        await StoredJson.ReadAsync<T>(storage, prefix + name, cancellationToken).ConfigureAwait(false);

    public static async Task<T?> GetAsync<T>(IStorage storage, string prefix, string name, CancellationToken cancellationToken)
        where T : class =>
        (await ReadAsync<T>(storage, prefix, name, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Writes under the ETag read (or NotExists); a lost race throws <see cref="StorageConflictException"/>.</summary>
    public static Task PutAsync<T>(IStorage storage, string prefix, string name, T value, StorageEntry? current, CancellationToken cancellationToken) =>
        storage.PutAsync(prefix + name, StoredJson.Serialize(value), PutCondition.From(current), cancellationToken);

    /// <summary>A write to "&lt;path&gt;/{name}" is an update when the row exists, a create otherwise (ACL tells them apart).</summary>
    public static ExistenceCheck Exists(string prefix, Field<string> name) =>
        async (context, cancellationToken) => await context.Storage.GetAsync(prefix + context.Get(name), cancellationToken).ConfigureAwait(false) is not null;

    public static async Task<IReadOnlyList<string>> ListAsync(IStorage storage, string prefix, CancellationToken cancellationToken) =>
        [.. (await storage.ListAsync(prefix, cancellationToken).ConfigureAwait(false)).Where(child => !child.EndsWith('/'))];
}
