using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Framework;

/// <summary>Creates the backend of one mount type ("kv", "transit", ...) for a mount.</summary>
public interface IBackendFactory
{
    /// <summary>The mount type this factory serves, as given to sys/mounts.</summary>
    string Type { get; }

    /// <summary>Which table the type is enabled in: sys/mounts (secrets engines) or sys/auth (auth methods).</summary>
    MountKind Kind => MountKind.Secret;

    IBackend Create(BackendContext context);

    /// <summary>
    /// Refuses mount options this type cannot take (throw a <see cref="VaultException"/>): on enable
    /// <paramref name="current"/> is null, on tune it holds the options before the change.
    /// </summary>
    void ValidateOptions(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string>? proposed)
    {
    }
}
