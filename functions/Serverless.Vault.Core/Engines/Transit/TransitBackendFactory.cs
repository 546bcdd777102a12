using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>The "transit" mount type: encryption as a service with named, versioned keys.</summary>
public sealed class TransitBackendFactory(ITransitAeadFactory aeads) : IBackendFactory
{
    public string Type => "transit";

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TransitBackend(context, aeads);
    }
}
