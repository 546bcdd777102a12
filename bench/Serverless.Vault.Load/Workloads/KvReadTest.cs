using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>kvv1_read / kvv2_read: reads one of "secret_count" seeded secrets of "secret_size" bytes at random.</summary>
internal sealed class KvReadTest(int version) : ILoadTest
{
    private LoadContext? _context;
    private KvSeed? _kv;

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _kv = await KvSeed.SetUpAsync(context, version, seed: true, cancellationToken).ConfigureAwait(false);
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        _context!.Client.CallAsync(HttpMethod.Get, _kv!.RandomPath(), null, cancellationToken);
}
