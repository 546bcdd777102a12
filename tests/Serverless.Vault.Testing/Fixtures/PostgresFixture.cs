using System.Globalization;
using System.Security.Cryptography;
using Xunit;

namespace Serverless.Vault.Testing.Fixtures;

/// <summary>
/// A real PostgreSQL server from the Debian packages (/usr/lib/postgresql/&lt;version&gt;/bin, the highest version
/// present), in a temporary folder on a free loopback port; stopped and deleted on dispose. initdb refuses to run as
/// root, and tests run as root in CI, so then the server runs as the `postgres` system user through runuser.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string PackageRoot = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";
    private const int StartAttempts = 3;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private string? _folder;
    private bool _running;

    /// <summary>Npgsql-style connection string for the superuser `postgres` on database `postgres`.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public int Port { get; private set; }

    /// <summary>The superuser's password, random per fixture.</summary>
    public string Password { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>The folder holding initdb, pg_ctl, psql and friends of the version in use.</summary>
    public string BinDirectory { get; } = FindBinDirectory();

    private static bool RunAsServiceUser => Environment.UserName == "root";

    private string DataFolder => Path.Combine(_folder!, "data");

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("postgres-").FullName;
        var passwordFile = Path.Combine(_folder, "password");
        await File.WriteAllTextAsync(passwordFile, Password).ConfigureAwait(false);
        if (RunAsServiceUser)
        {
            await ProcessRunner.RunCheckedAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", _folder], CommandTimeout).ConfigureAwait(false);
        }

        await RunToolAsync(
            "initdb",
            ["-D", DataFolder, "-U", "postgres", $"--pwfile={passwordFile}", "--auth-host=scram-sha-256", "--auth-local=trust",
             "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"]).ConfigureAwait(false);
        File.Delete(passwordFile);

        // A free port can be taken before the server binds it; pg_ctl -w then fails and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                await StartServerAsync().ConfigureAwait(false);
                break;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
            }
        }

        _running = true;
        await ProcessRunner.RunCheckedAsync(
            Path.Combine(BinDirectory, "pg_isready"), ["-h", "127.0.0.1", "-p", PortText, "-t", "30"], CommandTimeout).ConfigureAwait(false);
        ConnectionString = $"Host=127.0.0.1;Port={PortText};Username=postgres;Password={Password};Database=postgres";
    }

    /// <summary>Stops the server (fast shutdown, waiting for it): connections fail until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_running)
        {
            await RunToolAsync("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "stop"]).ConfigureAwait(false);
            _running = false;
        }
    }

    /// <summary>Starts a server stopped by <see cref="StopAsync"/> again, on the same port and with the same data.</summary>
    public async Task StartAsync()
    {
        if (!_running)
        {
            await StartServerAsync().ConfigureAwait(false);
            _running = true;
            await ProcessRunner.RunCheckedAsync(
                Path.Combine(BinDirectory, "pg_isready"), ["-h", "127.0.0.1", "-p", PortText, "-t", "30"], CommandTimeout).ConfigureAwait(false);
        }
    }

    public async Task DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        if (_running)
        {
            await RunToolAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
            _running = false;
        }

        Directory.Delete(_folder, recursive: true);
        _folder = null;
    }

    private string PortText => Port.ToString(CultureInfo.InvariantCulture);

    private Task StartServerAsync() =>
        RunToolAsync(
            "pg_ctl",
            ["-D", DataFolder, "-l", Path.Combine(_folder!, "server.log"), "-w", "-t", "30",
             "-o", $"-p {PortText} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
             "start"]);

    private async Task RunToolAsync(string tool, IEnumerable<string> arguments)
    {
        var executable = Path.Combine(BinDirectory, tool);
        try
        {
            if (RunAsServiceUser)
            {
                await ProcessRunner.RunCheckedAsync("runuser", ["-u", ServiceUser, "--", executable, .. arguments], CommandTimeout, _folder)
                    .ConfigureAwait(false);
            }
            else
            {
                await ProcessRunner.RunCheckedAsync(executable, arguments, CommandTimeout, _folder).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException exception)
        {
            var log = Path.Combine(_folder!, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log).ConfigureAwait(false) : "(no server log)";
            throw new InvalidOperationException($"{exception.Message}\nServer log:\n{serverLog}", exception);
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists(PackageRoot)
            ? Directory.GetDirectories(PackageRoot)
                .Select(folder => (Folder: folder, Version: decimal.TryParse(Path.GetFileName(folder), NumberStyles.Number, CultureInfo.InvariantCulture, out var version) ? version : -1))
                .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Folder, "bin", "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .ToList()
            : [];
        return candidates.Count > 0
            ? Path.Combine(candidates[0].Folder, "bin")
            : throw new InvalidOperationException($"No PostgreSQL server under {PackageRoot}: install one, e.g. `apt-get install postgresql`.");
    }
}
