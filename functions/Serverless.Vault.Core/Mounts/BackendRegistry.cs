using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Mounts;

/// <summary>The mount types this vault can enable, by name ("kv", "transit", ...).</summary>
public sealed class BackendRegistry
{
    private readonly Dictionary<string, IBackendFactory> _factories;

    public BackendRegistry(IEnumerable<IBackendFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        _factories = factories.ToDictionary(f => f.Type, StringComparer.Ordinal);
    }

    public bool IsKnown(string type) => _factories.ContainsKey(type);

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _factories.TryGetValue(context.Mount.Type, out var factory)
            ? factory.Create(context)
            : throw new InvalidOperationException($"No backend factory for mount type '{context.Mount.Type}'.");
    }
}
