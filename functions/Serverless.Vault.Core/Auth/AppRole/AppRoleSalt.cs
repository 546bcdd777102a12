using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// The mount's HMAC key, loaded (or created, once for every instance) on first use and kept for the mount's life:
/// role IDs, secret IDs and accessors appear in storage keys only as HMACs under it.
/// </summary>
internal sealed class AppRoleSalt
{
    private TokenHasher? _hasher;

    public async Task<TokenHasher> HasherAsync(IStorage storage, CancellationToken cancellationToken) =>
        _hasher ??= new TokenHasher(await TokenSecrets.LoadOrCreateAsync(storage, AppRoleStorageKeys.Salt, cancellationToken).ConfigureAwait(false));
}
