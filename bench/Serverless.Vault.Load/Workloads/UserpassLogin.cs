using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Load.Client;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>A userpass mount with one user (option "username", default "load") and a random password; logs in and returns the token.</summary>
internal sealed class UserpassLogin
{
    private readonly LoadContext _context;
    private readonly string _path;
    private readonly byte[] _body;

    private UserpassLogin(LoadContext context, string path, byte[] body)
    {
        _context = context;
        _path = path;
        _body = body;
    }

    public static async Task<UserpassLogin> SetUpAsync(LoadContext context, CancellationToken cancellationToken)
    {
        var mount = await context.EnableAuthAsync("userpass", cancellationToken).ConfigureAwait(false);
        var user = context.Options.String("username", "load");
        var password = Payloads.Suffix() + Payloads.Suffix();
        var settings = new JsonObject { ["password"] = password, ["token_ttl"] = context.Options.String("token_ttl", "10m") };
        await context.Client.SendAsync(HttpMethod.Post, $"auth/{mount}/users/{user}", settings, cancellationToken).ConfigureAwait(false);
        return new UserpassLogin(context, $"auth/{mount}/login/{user}", JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["password"] = password }));
    }

    public Task LoginAsync(CancellationToken cancellationToken) =>
        _context.Client.CallAsync(HttpMethod.Post, _path, _body, cancellationToken);

    /// <summary>Logs in and returns the client token (for tests that revoke it later).</summary>
    public async Task<string> LoginForTokenAsync(CancellationToken cancellationToken)
    {
        var answer = await _context.Client.SendAsync(HttpMethod.Post, _path, JsonNode.Parse(_body), cancellationToken).ConfigureAwait(false);
        return answer?["auth"]?["client_token"]?.GetValue<string>() ?? throw new InvalidOperationException("userpass login returned no client_token");
    }
}
