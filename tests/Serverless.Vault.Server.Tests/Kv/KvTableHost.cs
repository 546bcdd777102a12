using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>
/// One dev-mode Kestrel host over its own fresh Azurite table, shared by the tests of one class (a class fixture):
/// secret/ is KV v2 as in Vault's dev mode. Tests use paths of their own, so they never see each other's secrets.
/// </summary>
public sealed class KvTableHost(AzuriteFixture azurite) : IAsyncLifetime
{
    private VaultHost? _host;

    public VaultHost Host => _host ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

    public string TableName { get; } = AzuriteFixture.CreateTableName();

    public async Task InitializeAsync()
    {
        _host = await VaultHost.StartDevAsync(
            $"Vault:Storage:ConnectionString={azurite.ConnectionString}", $"Vault:Storage:TableName={TableName}");

        // Guards the point of these tests: a silent fallback to in-memory storage would make them prove nothing.
        var status = await _host.ReadJsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
        Assert.Equal("azuretable", status["storage_type"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
