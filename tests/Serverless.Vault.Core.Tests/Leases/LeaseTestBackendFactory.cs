using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Leases;

internal sealed class LeaseTestBackendFactory(LeaseTarget target) : IBackendFactory
{
    public string Type => LeaseTestBackend.Type;

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LeaseTestBackend(target, context.Time);
    }
}
