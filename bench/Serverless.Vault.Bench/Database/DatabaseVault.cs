using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Bench.Database;

/// <summary>
/// The in-process core over in-memory storage wrapped in <see cref="CountingStorage"/>, with the database engine
/// mounted at database/ on the benchmark's PostgreSQL, driven with a non-root token.
/// </summary>
internal sealed class DatabaseVault : IDisposable
{
    private readonly InProcessCore _core;
    private string _token;

    private DatabaseVault(InProcessCore core, CountingStorage storage)
    {
        _core = core;
        Storage = storage;
        _token = core.RootToken;
    }

    public CountingStorage Storage { get; }

    public static async Task<DatabaseVault> StartAsync(CancellationToken cancellationToken)
    {
        var storage = new CountingStorage(new InMemoryStorage());
        return new DatabaseVault(await InProcessCore.StartAsync(storage, cancellationToken).ConfigureAwait(false), storage);
    }

    /// <summary>Mount, connection config (the superuser, URL form), role, policy and a non-root token, as issue 6 describes.</summary>
    public async Task SetUpAsync(int port, string superuserPassword, CancellationToken cancellationToken)
    {
        await _core.SendAsync(Operation.Update, "sys/mounts/" + DatabaseBenchNames.Mount, new JsonObject { ["type"] = "database" }, _core.RootToken, cancellationToken).ConfigureAwait(false);
        var url = string.Create(CultureInfo.InvariantCulture, $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{port}/postgres?sslmode=disable");
        await _core.SendAsync(
            Operation.Update,
            DatabaseBenchNames.Mount + "/config/" + DatabaseBenchNames.Config,
            new JsonObject
            {
                ["plugin_name"] = "postgresql-database-plugin",
                ["connection_url"] = url,
                ["username"] = "postgres",
                ["password"] = superuserPassword,
                ["allowed_roles"] = DatabaseBenchNames.Role,
            },
            _core.RootToken,
            cancellationToken).ConfigureAwait(false);
        await _core.SendAsync(
            Operation.Update,
            DatabaseBenchNames.Mount + "/roles/" + DatabaseBenchNames.Role,
            new JsonObject
            {
                ["db_name"] = DatabaseBenchNames.Config,
                ["creation_statements"] = DatabaseBenchNames.CreationStatements,
                ["default_ttl"] = DatabaseBenchNames.DefaultTtl,
            },
            _core.RootToken,
            cancellationToken).ConfigureAwait(false);
        _token = await _core.TokenWithPolicyAsync(DatabaseBenchNames.PolicyName, DatabaseBenchNames.Policy, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET database/creds/bench: a new PostgreSQL role and its lease.</summary>
    public async Task<IssuedCredential> IssueAsync(CancellationToken cancellationToken)
    {
        var response = await _core.SendAsync(Operation.Read, DatabaseBenchNames.CredsPath, [], _token, cancellationToken).ConfigureAwait(false);
        var username = response?.Data?["username"]?.GetValue<string>();
        var password = response?.Data?["password"]?.GetValue<string>();
        var leaseId = response?.LeaseId;
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password) || string.IsNullOrEmpty(leaseId))
        {
            throw new InvalidOperationException(DatabaseBenchNames.CredsPath + " returned no username, password or lease_id");
        }

        return new IssuedCredential(leaseId, username);
    }

    /// <summary>PUT sys/leases/revoke (sync): the engine drops the role, the lease manager deletes the lease.</summary>
    public async Task RevokeAsync(string leaseId, CancellationToken cancellationToken) =>
        await _core.SendAsync(Operation.Update, DatabaseBenchNames.RevokePath, new JsonObject { ["lease_id"] = leaseId }, _token, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _core.Dispose();
}
