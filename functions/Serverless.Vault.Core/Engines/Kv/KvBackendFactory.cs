using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>The "kv" mount type.</summary>
public sealed class KvBackendFactory : IBackendFactory
{
    public string Type => "kv";

    public IBackend Create(BackendContext context) => new KvV1Backend();
}
