using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Storage;

/// <summary>Folders of the vault's own layout that logins and leases write below, and that are never removed.</summary>
public static class StorageFolders
{
    /// <summary>
    /// The token entries (with their accessor rows), the child indexes and the older accessor index, and the lease
    /// entries, per-token rows and due-minute markers. A storage whose listing needs folder markers can keep these
    /// for good and skip re-writing them on every token and lease (Table Storage: <c>TableStorageOptions.PermanentFolders</c>).
    /// </summary>
    public static IReadOnlyList<string> Permanent { get; } =
    [
        TokenStoragePaths.Ids,
        TokenStoragePaths.Parents,
        TokenStoragePaths.Accessors,
        LeaseStoragePaths.Ids,
        LeaseStoragePaths.Tokens,
        LeaseStoragePaths.Due,
    ];
}
