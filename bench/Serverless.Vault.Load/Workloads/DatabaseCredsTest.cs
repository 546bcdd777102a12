using System.Text.Json.Nodes;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>
/// database_creds: mounts the database engine, configures PostgreSQL from option "connection_url" (Vault's URL form
/// with {{username}}/{{password}}, plus "username" and "password"), creates role "role" (default "load") and reads
/// creds. Cleanup revokes every lease under the mount (dropping the users) before the mount goes.
/// </summary>
internal sealed class DatabaseCredsTest : ILoadTest
{
    private const string DefaultStatements =
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; " +
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

    private LoadContext? _context;
    private string _mount = "";
    private string _creds = "";

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var options = context.Options;
        var url = options.Required("connection_url");
        _mount = await context.MountSecretsAsync("database", null, cancellationToken).ConfigureAwait(false);
        var role = options.String("role", "load");
        var config = new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = url,
            ["username"] = options.StringOrNull("username"),
            ["password"] = options.StringOrNull("password"),
            ["allowed_roles"] = new JsonArray(role),
        };
        await context.Client.SendAsync(HttpMethod.Post, $"{_mount}/config/load", config, cancellationToken).ConfigureAwait(false);
        var roleBody = new JsonObject
        {
            ["db_name"] = "load",
            ["creation_statements"] = options.String("creation_statements", DefaultStatements),
            ["default_ttl"] = options.String("ttl", "1h"),
        };
        await context.Client.SendAsync(HttpMethod.Post, $"{_mount}/roles/{role}", roleBody, cancellationToken).ConfigureAwait(false);
        _creds = $"{_mount}/creds/{role}";
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        _context!.Client.CallAsync(HttpMethod.Get, _creds, null, cancellationToken);

    public Task CleanupAsync(CancellationToken cancellationToken) =>
        _context!.Client.CallAsync(HttpMethod.Post, $"sys/leases/revoke-prefix/{_creds}", null, cancellationToken);
}
