namespace Serverless.Vault.Client.Auth;

/// <summary>AppRole login: <c>auth/&lt;mount&gt;/login</c> with a role ID and a secret ID.</summary>
public sealed class AppRoleAuth(string roleId, string? secretId, string mount = "approle") : IVaultAuthMethod
{
    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var body = new Dictionary<string, string> { ["role_id"] = roleId };
        if (secretId is not null)
        {
            body["secret_id"] = secretId;
        }

        var response = await client.SendWithTokenAsync(HttpMethod.Post, $"auth/{mount}/login", body, null, cancellationToken).ConfigureAwait(false);
        return response?.Auth ?? throw new VaultApiException($"auth/{mount}/login returned no auth block.");
    }
}
