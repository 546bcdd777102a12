namespace Serverless.Vault.Core.Framework;

/// <summary>Creates the backend of one mount type ("kv", "transit", ...) for a mount.</summary>
public interface IBackendFactory
{
    /// <summary>The mount type this factory serves, as given to sys/mounts.</summary>
    string Type { get; }

    IBackend Create(BackendContext context);
}
