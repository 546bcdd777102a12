using System.Collections.Concurrent;
using Npgsql;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Baselines;

/// <summary>
/// pg_create_role: raw Npgsql CREATE ROLE (random name and password, VALID UNTIL in an hour) + GRANT SELECT ON ALL
/// TABLES IN SCHEMA public, in one round trip, against option "connection_string" (Npgsql form). Cleanup drops every
/// role it made.
/// </summary>
internal sealed class PostgresRoleBaseline : ILoadTest
{
    private readonly ConcurrentQueue<string> _roles = new();
    private NpgsqlDataSource? _source;

    public Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _source = NpgsqlDataSource.Create(context.Options.Required("connection_string"));
        return Task.CompletedTask;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var name = "load-" + Payloads.Suffix() + Payloads.Suffix();
        var password = Payloads.Suffix() + Payloads.Suffix();
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await using var command = _source!.CreateCommand(
            $"CREATE ROLE \"{name}\" WITH LOGIN PASSWORD '{password}' VALID UNTIL '{until}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{name}\";");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _roles.Enqueue(name);
    }

    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        while (_roles.TryDequeue(out var name))
        {
            await using var command = _source!.CreateCommand($"DROP OWNED BY \"{name}\"; DROP ROLE \"{name}\";");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await _source!.DisposeAsync().ConfigureAwait(false);
    }
}
