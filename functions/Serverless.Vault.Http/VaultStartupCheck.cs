using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Pipeline;

namespace Serverless.Vault.Http;

/// <summary>
/// Fails the host at start when a route table is ambiguous or the configuration is incomplete: resolving the request
/// handler builds the sys/ route table, the seal and the storage; every engine type builds its own once.
/// </summary>
internal sealed class VaultStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<RequestHandler>();
        services.GetRequiredService<BackendRegistry>().ValidatePaths();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
