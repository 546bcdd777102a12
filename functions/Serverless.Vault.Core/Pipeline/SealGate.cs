using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>Fails closed: a request goes past this step only when the barrier is unsealed.</summary>
public sealed class SealGate(UnsealCoordinator coordinator)
{
    public async Task EnsureUnsealedAsync(CancellationToken cancellationToken)
    {
        if (!await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.Sealed();
        }
    }
}
