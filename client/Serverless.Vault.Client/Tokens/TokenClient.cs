namespace Serverless.Vault.Client.Tokens;

/// <summary>The token store (&lt;c&gt;auth/token/&lt;/c&gt;): create, lookup, renew and revoke tokens.</summary>
public sealed class TokenClient
{
    private readonly VaultClient _client;

    internal TokenClient(VaultClient client, string mount)
    {
        _client = client;
        Mount = mount.Trim('/');
    }

    public string Mount { get; }

    internal VaultClient Client => _client;
}
