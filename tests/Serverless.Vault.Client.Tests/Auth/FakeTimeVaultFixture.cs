using Microsoft.Extensions.Time.Testing;

namespace Serverless.Vault.Client.Tests.Auth;

/// <summary>A dev vault whose clock is a FakeTimeProvider the tests share with the client, so TTLs pass on demand.</summary>
public sealed class FakeTimeVaultFixture : IAsyncLifetime
{
    private DevVault? _vault;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public DevVault Vault => _vault ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _vault = await DevVault.StartAsync(Time);
        await VaultArrange.ReaderAndSecretAsync(_vault, "life/app", "v1");
    }

    public async Task DisposeAsync()
    {
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }
}
