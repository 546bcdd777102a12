using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>
/// jwt_login: enables jwt auth, configures it with option "jwks_url", "oidc_discovery_url" or "jwt_validation_pubkeys"
/// plus "bound_issuer", creates role "role" (default "load"; "user_claim" default "sub", "bound_audiences") and logs in
/// with the JWTs of <see cref="JwtSource"/>, round robin.
/// </summary>
internal sealed class JwtLoginTest : ILoadTest
{
    private static readonly string[] ConfigKeys = ["jwks_url", "oidc_discovery_url", "bound_issuer"];
    private LoadContext? _context;
    private string _path = "";
    private byte[][] _bodies = [];
    private int _next;

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var jwts = await JwtSource.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        var mount = await context.EnableAuthAsync("jwt", cancellationToken).ConfigureAwait(false);
        var config = new JsonObject();
        foreach (var key in ConfigKeys)
        {
            if (context.Options.StringOrNull(key) is { } value)
            {
                config[key] = value;
            }
        }

        if (context.Options.Strings("jwt_validation_pubkeys") is { Count: > 0 } keys)
        {
            config["jwt_validation_pubkeys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]);
        }

        await context.Client.SendAsync(HttpMethod.Post, $"auth/{mount}/config", config, cancellationToken).ConfigureAwait(false);
        var role = context.Options.String("role", "load");
        var roleBody = new JsonObject
        {
            ["role_type"] = "jwt",
            ["user_claim"] = context.Options.String("user_claim", "sub"),
            ["bound_audiences"] = new JsonArray([.. context.Options.Strings("bound_audiences").Select(a => (JsonNode)a)]),
            ["token_ttl"] = context.Options.String("token_ttl", "10m"),
        };
        await context.Client.SendAsync(HttpMethod.Post, $"auth/{mount}/role/{role}", roleBody, cancellationToken).ConfigureAwait(false);
        _path = $"auth/{mount}/login";
        _bodies = [.. jwts.Select(jwt => JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["role"] = role, ["jwt"] = jwt }))];
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var body = _bodies[(int)((uint)Interlocked.Increment(ref _next) % (uint)_bodies.Length)];
        return _context!.Client.CallAsync(HttpMethod.Post, _path, body, cancellationToken);
    }
}
