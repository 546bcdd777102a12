namespace Serverless.Vault.Server.Tests.Clients;

/// <summary>One in-memory dev-mode host per test class (secret/ is KV v2), for client-library scripts to call.</summary>
public sealed class DevVaultFixture : IAsyncLifetime
{
    private VaultHost? _host;

    public VaultHost Host => _host ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

    public async Task InitializeAsync() => _host = await VaultHost.StartDevAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
