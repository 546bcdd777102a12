namespace Serverless.Vault.Client.Tests;

/// <summary>One dev-mode vault shared by a test class.</summary>
public sealed class DevVaultFixture : IAsyncLifetime
{
    private DevVault? _vault;

    public DevVault Vault => _vault ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _vault = await DevVault.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_vault is not null)
        {
            await _vault.DisposeAsync().ConfigureAwait(false);
        }
    }
}
