using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>
/// Two non-dev server processes sharing one fresh Azurite table and one seal key, as two instances of the Function
/// App would: the first is initialised and gets a kv-v2 mount at race/, a kv v1 mount at upgrade/ and AppRole at
/// auth/approle before the second starts, so the second's first read of the mount tables already has them (otherwise it could take MountStore's 5 s
/// staleness budget).
/// </summary>
public sealed class TwoServerProcesses(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Mount = "race";

    public const string V1Mount = "upgrade";

    /// <summary>AppRole, enabled at auth/approle like the mounts, before the second process starts.</summary>
    public const string AppRoleMount = "approle";

    private VaultProcess? _first;
    private VaultProcess? _second;

    public VaultProcess[] Servers => [_first!, _second!];

    public string RootToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        string[] settings =
        [
            $"Vault:Storage:ConnectionString={azurite.ConnectionString}",
            $"Vault:Storage:TableName={AzuriteFixture.CreateTableName()}",
            "Vault:Seal:Type=local",
            $"Vault:Seal:Key={VaultHost.NewSealKey()}",
        ];
        _first = await VaultProcess.StartAsync(settings);
        RootToken = (await _first.ReadJsonAsync(HttpMethod.Put, "sys/init", null, new JsonObject()))["root_token"]!.GetValue<string>();
        foreach (var (path, type) in new[] { (Mount, "kv-v2"), (V1Mount, "kv") })
        {
            using var mount = await _first.SendAsync(HttpMethod.Post, $"sys/mounts/{path}", RootToken, new JsonObject { ["type"] = type });
            Assert.Equal(HttpStatusCode.NoContent, mount.StatusCode);
        }

        using (var enable = await _first.SendAsync(HttpMethod.Post, $"sys/auth/{AppRoleMount}", RootToken, new JsonObject { ["type"] = "approle" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);
        }

        _second = await VaultProcess.StartAsync(settings);
        var status = await _second.ReadJsonAsync(HttpMethod.Get, "sys/seal-status", null);
        Assert.False(status["sealed"]!.GetValue<bool>());
        Assert.Equal("azuretable", status["storage_type"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { _second, _first })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
