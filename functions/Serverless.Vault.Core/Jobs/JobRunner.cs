using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Core.Jobs;

/// <summary>Runs a job by name, logging its failure instead of letting one run take down its host.</summary>
public sealed partial class JobRunner(IEnumerable<IVaultJob> jobs, ILogger<JobRunner> logger)
{
    public IReadOnlyList<IVaultJob> Jobs { get; } = [.. jobs];

    public async Task RunAsync(string name, CancellationToken cancellationToken)
    {
        var job = Jobs.FirstOrDefault(j => j.Name == name) ?? throw new ArgumentException($"No job named '{name}'.", nameof(name));
        try
        {
            await job.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The next run retries: jobs are resumable, so a failure here loses no work.
            LogFailed(logger, error, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background job {Job} failed; the next run retries")]
    private static partial void LogFailed(ILogger logger, Exception error, string job);
}
