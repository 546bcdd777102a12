using Microsoft.Extensions.Hosting;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Server;

/// <summary>Runs the same background jobs as the Function App's timer triggers, each on its own interval.</summary>
internal sealed class JobHostedService(JobRunner runner, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(runner.Jobs.Select(job => LoopAsync(job, stoppingToken)));

    private async Task LoopAsync(IVaultJob job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(job.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await runner.RunAsync(job.Name, stoppingToken).ConfigureAwait(false);
        }
    }
}
