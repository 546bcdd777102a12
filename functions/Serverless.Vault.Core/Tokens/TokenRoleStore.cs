using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tokens;

/// <summary>Token roles behind the barrier, one row each. Roles are read once per create, so they are not cached.</summary>
internal sealed class TokenRoleStore(IBarrier barrier)
{
    public async Task<TokenRole?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await StoredJson.ReadAsync<TokenRole>(barrier.Storage, TokenStoragePaths.Role(name), cancellationToken).ConfigureAwait(false)).Value;

    public Task PutAsync(TokenRole role, CancellationToken cancellationToken) =>
        barrier.Storage.PutAsync(TokenStoragePaths.Role(role.Name), StoredJson.Serialize(role), PutCondition.None, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        barrier.Storage.DeleteAsync(TokenStoragePaths.Role(name), cancellationToken);

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await barrier.Storage.ListAsync(TokenStoragePaths.Roles, cancellationToken).ConfigureAwait(false)).Where(name => !name.EndsWith('/'))];
}
