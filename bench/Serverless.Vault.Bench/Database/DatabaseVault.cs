using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Bench.Database;

/// <summary>
/// The core without a host (real DI registrations, in-memory storage wrapped in <see cref="CountingStorage"/>, a local
/// seal), with the database engine mounted at database/ on the benchmark's PostgreSQL, driven through
/// <see cref="RequestHandler"/> with a non-root token.
/// </summary>
internal sealed class DatabaseVault : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RequestHandler _handler;
    private readonly string _rootToken;
    private string _token;

    private DatabaseVault(ServiceProvider services, CountingStorage storage, string rootToken)
    {
        _services = services;
        _handler = services.GetRequiredService<RequestHandler>();
        Storage = storage;
        _rootToken = rootToken;
        _token = rootToken;
    }

    public CountingStorage Storage { get; }

    public static async Task<DatabaseVault> StartAsync(CancellationToken cancellationToken)
    {
        var storage = new CountingStorage(new InMemoryStorage());
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStorage>(storage)
            .AddSingleton<ISeal>(LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)))
            .AddSingleton(new ServerInfo("local", "inmem"))
            .AddSingleton(TimeProvider.System)
            .AddVaultCore()
            .BuildServiceProvider();
        var root = "bench-root-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await services.GetRequiredService<VaultInitializer>().InitializeAsync(root, cancellationToken).ConfigureAwait(false);
        return new DatabaseVault(services, storage, root);
    }

    /// <summary>Mount, connection config (the superuser, URL form), role, policy and a non-root token, as issue 6 describes.</summary>
    public async Task SetUpAsync(int port, string superuserPassword, CancellationToken cancellationToken)
    {
        await SendAsync(Operation.Update, "sys/mounts/" + DatabaseBenchNames.Mount, new JsonObject { ["type"] = "database" }, _rootToken, cancellationToken).ConfigureAwait(false);
        var url = string.Create(CultureInfo.InvariantCulture, $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{port}/postgres?sslmode=disable");
        await SendAsync(
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
            _rootToken,
            cancellationToken).ConfigureAwait(false);
        await SendAsync(
            Operation.Update,
            DatabaseBenchNames.Mount + "/roles/" + DatabaseBenchNames.Role,
            new JsonObject
            {
                ["db_name"] = DatabaseBenchNames.Config,
                ["creation_statements"] = DatabaseBenchNames.CreationStatements,
                ["default_ttl"] = DatabaseBenchNames.DefaultTtl,
            },
            _rootToken,
            cancellationToken).ConfigureAwait(false);
        await SendAsync(Operation.Update, "sys/policies/acl/" + DatabaseBenchNames.PolicyName, new JsonObject { ["policy"] = DatabaseBenchNames.Policy }, _rootToken, cancellationToken).ConfigureAwait(false);
        var created = await SendAsync(Operation.Update, "auth/token/create", new JsonObject { ["policies"] = new JsonArray(DatabaseBenchNames.PolicyName) }, _rootToken, cancellationToken).ConfigureAwait(false);
        _token = created?.Auth?["client_token"]?.GetValue<string>() ?? throw new InvalidOperationException("auth/token/create returned no client_token");
    }

    /// <summary>GET database/creds/bench: a new PostgreSQL role and its lease.</summary>
    public async Task<IssuedCredential> IssueAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync(Operation.Read, DatabaseBenchNames.CredsPath, [], _token, cancellationToken).ConfigureAwait(false);
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
        await SendAsync(Operation.Update, DatabaseBenchNames.RevokePath, new JsonObject { ["lease_id"] = leaseId }, _token, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _services.Dispose();

    private async Task<VaultResponse?> SendAsync(Operation operation, string path, JsonObject data, string token, CancellationToken cancellationToken)
    {
        var response = await _handler.HandleAsync(
            new VaultRequest
            {
                RequestId = Guid.NewGuid().ToString("D"),
                Operation = operation,
                Path = path,
                Data = data,
                ClientToken = token,
                RemoteAddress = "127.0.0.1",
            },
            cancellationToken).ConfigureAwait(false);
        if (response?.Errors is { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"{operation} {path}: {response.StatusCode} {string.Join("; ", errors)}");
        }

        return response;
    }
}
