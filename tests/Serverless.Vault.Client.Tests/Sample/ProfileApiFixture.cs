using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProfileApi;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Client.Tests.Sample;

/// <summary>
/// The profile API sample as its README runs it: a dev vault and a PostgreSQL server, prepared by the sample's own
/// setup.sh, and the app's container built by <see cref="ProfileApiServices.Add"/> from the settings the script printed.
/// </summary>
public sealed partial class ProfileApiFixture : IAsyncLifetime
{
    private const string Database = "profiles";
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(2);

    private readonly DevVaultFixture _vault = new();
    private ServiceProvider? _services;

    public PostgresFixture Postgres { get; } = new();

    public DevVault Vault => _vault.Vault;

    /// <summary>The app's container, as Program.cs builds it.</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The configuration keys and values setup.sh printed for local.settings.json.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>The superuser's connection string to the sample's database.</summary>
    public string SuperuserConnectionString =>
        new NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { Database = Database, Pooling = false }.ConnectionString;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), _vault.InitializeAsync());
        Settings = await RunSetupAsync();
        _services = BuildServices(Settings);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _vault.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>A container like the app's, from the given local.settings.json values (<c>A__B</c> keys).</summary>
    public static ServiceProvider BuildServices(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        ProfileApiServices.Add(services, configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Runs a query as the superuser and returns the first column of the first row.</summary>
    public async Task<object?> QueryAsSuperuserAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>Runs the sample's setup.sh against this vault and PostgreSQL; returns the settings it printed.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RunSetupAsync()
    {
        var script = Path.Combine(RepositoryRoot.Find(), "samples", "ProfileApi", "setup.sh");
        var output = await ProcessRunner.RunCheckedAsync("bash", [script], SetupTimeout, environment: new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = Vault.Address.ToString().TrimEnd('/'),
            ["VAULT_TOKEN"] = Vault.RootToken,
            ["PGHOST"] = "127.0.0.1",
            ["PGPORT"] = Postgres.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = "postgres",
            ["PGPASSWORD"] = Postgres.Password,
            ["PGDATABASE"] = Database,
            ["PSQL"] = Path.Combine(Postgres.BinDirectory, "psql"),
        });
        var settings = SettingLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        Assert.True(settings.ContainsKey("Vault__Auth__SecretId"), $"setup.sh printed no settings:\n{output}");
        return settings;
    }

    [GeneratedRegex("""^\s*"(\w+)": "([^"]*)",?$""", RegexOptions.Multiline)]
    private static partial Regex SettingLine();
}
