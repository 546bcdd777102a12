namespace Serverless.Vault.Core.Storage;

/// <summary>
/// Re-runs a read-modify-write that lost an ETag race. Any number of writers may race on one row, so it keeps
/// trying (the request deadline bounds it in time), with a short random pause that grows with the attempts so
/// that a crowd of writers does not collide in lockstep.
/// </summary>
public static class ConflictRetry
{
    public const int MaxAttempts = 50;

    public static async Task<T> RunAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (StorageConflictException) when (number < MaxAttempts)
            {
                var pause = TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(number, 20)));
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static Task RunAsync(Func<Task> attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return RunAsync(async () =>
        {
            await attempt().ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
