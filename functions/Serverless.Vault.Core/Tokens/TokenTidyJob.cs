using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Runs the token tidy on a timer: expired tokens are refused from the moment they expire, and this removes them
/// (with their descendants and index rows) and finishes revocations a crash cut short. Idempotent and resumable.
/// </summary>
public sealed class TokenTidyJob(UnsealCoordinator coordinator, TokenStore tokens) : IVaultJob
{
    public const string JobName = "token-tidy";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await tokens.TidyAsync(cancellationToken).ConfigureAwait(false);
    }
}
