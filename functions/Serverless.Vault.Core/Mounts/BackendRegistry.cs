using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

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

    /// <summary>True when <paramref name="type"/> can be enabled in that table (a secrets engine is no auth method).</summary>
    public bool IsKnown(string type, MountKind kind) => _factories.TryGetValue(type, out var factory) && factory.Kind == kind;

    /// <summary>
    /// Builds one backend of every type against throwaway storage, so that an ambiguous route table fails at start
    /// rather than on the first request to a mount of that type.
    /// </summary>
    public void ValidatePaths()
    {
        foreach (var type in _factories.Keys)
        {
            var probe = new MountEntry { Path = "probe/", Type = type, Uuid = "probe", Accessor = "probe" };
            _ = Create(new BackendContext(probe, new InMemoryStorage(), TimeProvider.System, NullLoggerFactory.Instance)).Paths;
        }
    }

    /// <summary>Lets the type's factory refuse options (on enable <paramref name="current"/> is null).</summary>
    public void ValidateOptions(string type, IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? proposed)
    {
        if (_factories.TryGetValue(type, out var factory))
        {
            factory.ValidateOptions(current, proposed);
        }
    }

    public IBackend Create(BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _factories.TryGetValue(context.Mount.Type, out var factory)
            ? factory.Create(context)
            : throw new InvalidOperationException($"No backend factory for mount type '{context.Mount.Type}'.");
    }
}
