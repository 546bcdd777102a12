namespace Serverless.Vault.Client.Auth;

/// <summary>AppRole login: <c>auth/&lt;mount&gt;/login</c> with a role ID and a secret ID.</summary>
/// <param name="roleId">The role's ID (not secret on its own).</param>
/// <param name="secretId">The secret ID; null for a role with <c>bind_secret_id=false</c>.</param>
/// <param name="mount">Where AppRole is enabled.</param>
public sealed class AppRoleAuth(string roleId, string? secretId, string mount = "approle") : IVaultAuthMethod
{
    private readonly string _mount = VaultLogin.Mount(mount, "approle");

    public Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string> { ["role_id"] = roleId };
        if (secretId is not null)
        {
            body["secret_id"] = secretId;
        }

        return VaultLogin.PostAsync(client, $"auth/{_mount}/login", body, cancellationToken);
    }

    /// <summary>Names the mount only: the secret ID must not reach a log line.</summary>
    public override string ToString() => $"AppRoleAuth {{ Mount = {_mount} }}";
}
