namespace Serverless.Vault.Client.Auth;

/// <summary>Userpass login: <c>auth/&lt;mount&gt;/login/&lt;username&gt;</c> with the password.</summary>
public sealed class UserpassAuth(string username, string password, string mount = "userpass") : IVaultAuthMethod
{
    private readonly string _mount = VaultLogin.Mount(mount, "userpass");

    public Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        return VaultLogin.PostAsync(client, $"auth/{_mount}/login/{username}", new Dictionary<string, string> { ["password"] = password }, cancellationToken);
    }

    /// <summary>Names the mount and user only: the password must not reach a log line.</summary>
    public override string ToString() => $"UserpassAuth {{ Mount = {_mount}, Username = {username} }}";
}
