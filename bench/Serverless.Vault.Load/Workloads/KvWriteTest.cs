using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>kvv1_write / kvv2_write: writes "secret_size" bytes to one of "secret_count" paths at random.</summary>
internal sealed class KvWriteTest(int version) : ILoadTest
{
    private LoadContext? _context;
    private KvSeed? _kv;

    public async Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _kv = await KvSeed.SetUpAsync(context, version, seed: false, cancellationToken).ConfigureAwait(false);
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        _context!.Client.CallAsync(HttpMethod.Post, _kv!.RandomPath(), _kv.Body, cancellationToken);
}
