using Serverless.Vault.Client.Auth;

namespace Serverless.Vault.Client.Tests.Auth;

/// <summary>A real auth method that counts its logins: every call still goes to the vault.</summary>
public sealed class CountingAuth(IVaultAuthMethod inner) : IVaultAuthMethod
{
    private int _logins;

    public int Logins => Volatile.Read(ref _logins);

    public bool CanLogInAgain => inner.CanLogInAgain;

    public Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _logins);
        return inner.LoginAsync(client, cancellationToken);
    }
}
