using System.Collections.Concurrent;
using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>
/// mix: a realistic KV v2 mix per call: 85 % read of a seeded secret, 5 % list, 4 % write and 4 % delete (of a
/// separate key set, so reads never miss), 1 % userpass login, 1 % revoke-self of a token an earlier login made
/// (logging in first when none is left). Options as kvv2_read, plus "username".
/// </summary>
internal sealed class MixTest : ILoadTest
{
    private readonly ConcurrentQueue<string> _tokens = new();
    private LoadContext? _context;
    private KvSeed? _kv;
    private UserpassLogin? _login;

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _kv = await KvSeed.SetUpAsync(context, 2, seed: true, cancellationToken).ConfigureAwait(false);
        _login = await UserpassLogin.SetUpAsync(context, cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var client = _context!.Client;
        var kv = _kv!;
        var draw = Random.Shared.Next(100);
        var scratch = $"{kv.Mount}/data/mix/{Random.Shared.Next(kv.Count)}";
        switch (draw)
        {
            case < 85:
                await client.CallAsync(HttpMethod.Get, kv.RandomPath(), null, cancellationToken).ConfigureAwait(false);
                break;
            case < 90:
                await client.CallAsync(HttpMethod.Get, $"{kv.Mount}/metadata/load?list=true", null, cancellationToken).ConfigureAwait(false);
                break;
            case < 94:
                await client.CallAsync(HttpMethod.Post, scratch, kv.Body, cancellationToken).ConfigureAwait(false);
                break;
            case < 98:
                await client.CallAsync(HttpMethod.Delete, scratch, null, cancellationToken).ConfigureAwait(false);
                break;
            case < 99:
                _tokens.Enqueue(await _login!.LoginForTokenAsync(cancellationToken).ConfigureAwait(false));
                break;
            default:
                var token = _tokens.TryDequeue(out var queued) ? queued : await _login!.LoginForTokenAsync(cancellationToken).ConfigureAwait(false);
                await client.CallAsync(HttpMethod.Post, "auth/token/revoke-self", null, cancellationToken, token).ConfigureAwait(false);
                break;
        }
    }
}
