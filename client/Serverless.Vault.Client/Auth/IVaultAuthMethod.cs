namespace Serverless.Vault.Client.Auth;

/// <summary>How the client gets its token: a login against one auth method.</summary>
public interface IVaultAuthMethod
{
    /// <summary>
    /// Whether <see cref="LoginAsync"/> may be called again for a new token once the current one expires or is revoked
    /// (false for a token handed to the client, which the client cannot replace).
    /// </summary>
    bool CanLogInAgain => true;

    /// <summary>Logs in (an unauthenticated request through <paramref name="client"/>) and returns the auth block.</summary>
    Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken);
}
