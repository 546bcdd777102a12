using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace Serverless.Vault.Testing.Fixtures;

/// <summary>
/// A real Azurite Table service, started as a process with in-memory persistence on a free loopback port and
/// killed on dispose. Use it as an xunit collection fixture. When AZURITE_TABLE_CONNECTION_STRING is set, that
/// service is used instead, so CI can start one Azurite for all test projects.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Points the fixture at an already running Table service instead of starting one.</summary>
    public const string ConnectionStringVariable = "AZURITE_TABLE_CONNECTION_STRING";

    // The emulator's well-known development account; it is public and grants nothing outside Azurite.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _recentOutput = new();
    private Process? _process;
    private string? _workspace;

    /// <summary>The connection string of the Table endpoint; valid after InitializeAsync.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A table name no other test uses, so each test starts from an empty table.</summary>
    public static string CreateTableName() => "t" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        var tableMain = await AzuriteInstaller.EnsureInstalledAsync().ConfigureAwait(false);
        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;

        // A free port can be taken by another process before Azurite binds it; then try another.
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var port = FreePort.Next();
            var process = Start(tableMain, port);
            if (await FreePort.WaitUntilListeningAsync(port, StartTimeout, () => process.HasExited).ConfigureAwait(false))
            {
                _process = process;
                ConnectionString =
                    $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{AccountName};";
                return;
            }

            await ProcessRunner.StopAsync(process).ConfigureAwait(false);
        }

        throw new InvalidOperationException(
            $"Azurite {AzuriteInstaller.Version} did not start after {StartAttempts} attempts:\n{string.Join('\n', _recentOutput)}");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await ProcessRunner.StopAsync(_process).ConfigureAwait(false);
            _process = null;
        }

        if (_workspace is not null)
        {
            Directory.Delete(_workspace, recursive: true);
            _workspace = null;
        }
    }

    private Process Start(string tableMain, int port)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            // In-memory persistence refuses --location; a scratch working folder catches anything written anyway.
            WorkingDirectory = _workspace,
        };
        string[] arguments =
        [
            tableMain, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return ProcessRunner.StartDrained(startInfo, _recentOutput);
    }

}
