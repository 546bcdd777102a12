namespace Serverless.Vault.Client.Transit;

/// <summary>A transit engine mount: encrypt, decrypt, rewrap, sign, verify, HMAC and data keys with named keys.</summary>
public sealed class TransitClient
{
    private readonly VaultClient _client;

    internal TransitClient(VaultClient client, string mount)
    {
        _client = client;
        Mount = mount.Trim('/');
    }

    public string Mount { get; }

    internal VaultClient Client => _client;
}
