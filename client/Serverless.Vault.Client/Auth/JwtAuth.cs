namespace Serverless.Vault.Client.Auth;

/// <summary>
/// JWT login: <c>auth/&lt;mount&gt;/login</c> with a role and a JWT. The JWT is fetched anew for every login, since
/// workload tokens (Kubernetes projected tokens, CI OIDC tokens) are short-lived and rotated by their issuer.
/// </summary>
public sealed class JwtAuth(string role, Func<CancellationToken, ValueTask<string>> jwt, string mount = "jwt") : IVaultAuthMethod
{
    private readonly string _mount = VaultLogin.Mount(mount, "jwt");

    /// <summary>A JWT login that reads the token from a file at each login (a projected service-account token).</summary>
    public static JwtAuth FromFile(string role, string path, string mount = "jwt")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new JwtAuth(role, async cancellationToken => (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim(), mount);
    }

    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var token = await jwt(cancellationToken).ConfigureAwait(false);
        var body = new Dictionary<string, string> { ["role"] = role, ["jwt"] = token };
        return await VaultLogin.PostAsync(client, $"auth/{_mount}/login", body, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"JwtAuth {{ Mount = {_mount}, Role = {role} }}";
}
