namespace Serverless.Vault.Client.Auth;

/// <summary>How the client gets its token: a login against one auth method.</summary>
public interface IVaultAuthMethod
{
    /// <summary>Logs in (an unauthenticated request through <paramref name="client"/>) and returns the auth block.</summary>
    Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken);
}
