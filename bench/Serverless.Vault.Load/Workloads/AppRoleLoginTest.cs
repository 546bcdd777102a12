using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>approle_login: logs in with the role_id and one secret_id (unlimited uses) of role option "role" (default "load").</summary>
internal sealed class AppRoleLoginTest : ILoadTest
{
    private LoadContext? _context;
    private string _path = "";
    private byte[] _body = [];

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var mount = await context.EnableAuthAsync("approle", cancellationToken).ConfigureAwait(false);
        var role = $"auth/{mount}/role/{context.Options.String("role", "load")}";
        var settings = new JsonObject { ["token_ttl"] = context.Options.String("token_ttl", "10m"), ["secret_id_num_uses"] = 0 };
        await context.Client.SendAsync(HttpMethod.Post, role, settings, cancellationToken).ConfigureAwait(false);
        var roleId = await context.Client.SendAsync(HttpMethod.Get, role + "/role-id", null, cancellationToken).ConfigureAwait(false);
        var secretId = await context.Client.SendAsync(HttpMethod.Post, role + "/secret-id", new JsonObject(), cancellationToken).ConfigureAwait(false);
        _path = $"auth/{mount}/login";
        _body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["role_id"] = roleId?["data"]?["role_id"]?.GetValue<string>(),
            ["secret_id"] = secretId?["data"]?["secret_id"]?.GetValue<string>(),
        });
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        _context!.Client.CallAsync(HttpMethod.Post, _path, _body, cancellationToken);
}
