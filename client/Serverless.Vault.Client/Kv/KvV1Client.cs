namespace Serverless.Vault.Client.Kv;

/// <summary>A KV version 1 mount: read, write, list and delete at &lt;mount&gt;/&lt;path&gt;.</summary>
public sealed class KvV1Client
{
    private readonly VaultClient _client;

    internal KvV1Client(VaultClient client, string mount)
    {
        _client = client;
        Mount = mount.Trim('/');
    }

    public string Mount { get; }

    internal VaultClient Client => _client;
}
