using Serverless.Vault.Load.Running;

namespace Serverless.Vault.Load.Workloads;

/// <summary>sys_health: GET sys/health (200 when initialised, unsealed and active).</summary>
internal sealed class SysHealthTest : ILoadTest
{
    private LoadContext? _context;

    public Task SetupAsync(LoadContext context, CancellationToken cancellationToken)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        _context!.Client.CallAsync(HttpMethod.Get, "sys/health", null, cancellationToken);
}
