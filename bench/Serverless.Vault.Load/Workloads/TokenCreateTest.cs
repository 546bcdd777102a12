using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>
/// token_create: creates child tokens ("ttl" option, default 10m, policy default) of a parent token made at setup
/// with a policy allowing only auth/token/create; cleanup revokes the parent, which revokes every child with it,
/// and deletes the policy.
/// </summary>
internal sealed class TokenCreateTest : ILoadTest
{
    private LoadContext? _context;
    private string _policy = "";
    private string _parent = "";
    private byte[] _body = [];

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _policy = "load-token-create-" + Payloads.Suffix();
        var rules = new JsonObject { ["policy"] = "path \"auth/token/create\" { capabilities = [\"create\", \"update\"] }" };
        await context.Client.SendAsync(HttpMethod.Put, "sys/policies/acl/" + _policy, rules, cancellationToken).ConfigureAwait(false);
        var parent = new JsonObject { ["policies"] = new JsonArray(_policy, "default"), ["ttl"] = "2h" };
        var created = await context.Client.SendAsync(HttpMethod.Post, "auth/token/create", parent, cancellationToken).ConfigureAwait(false);
        _parent = created?["auth"]?["client_token"]?.GetValue<string>() ?? throw new InvalidOperationException("auth/token/create returned no client_token");
        _body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["policies"] = new JsonArray("default"), ["ttl"] = context.Options.String("ttl", "10m") });
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        _context!.Client.CallAsync(HttpMethod.Post, "auth/token/create", _body, cancellationToken, _parent);

    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        await _context!.Client.CallAsync(HttpMethod.Post, "auth/token/revoke-self", null, cancellationToken, _parent).ConfigureAwait(false);
        await _context.Client.CallAsync(HttpMethod.Delete, "sys/policies/acl/" + _policy, null, cancellationToken).ConfigureAwait(false);
    }
}
