namespace Serverless.Vault.Client;

/// <summary>What every engine's client shares: the vault client it sends through and the mount it addresses.</summary>
public abstract class VaultMountClient
{
    private protected VaultMountClient(VaultClient client, string mount)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(mount);
        Client = client;
        Mount = mount.Trim('/');
    }

    /// <summary>The mount path without slashes, e.g. <c>secret</c> or <c>auth/token</c>.</summary>
    public string Mount { get; }

    internal VaultClient Client { get; }
}
