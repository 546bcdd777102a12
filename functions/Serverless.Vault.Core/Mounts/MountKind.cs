namespace Serverless.Vault.Core.Mounts;

/// <summary>Which table a mount belongs to: secrets engines under sys/mounts, auth methods under sys/auth.</summary>
public enum MountKind
{
    Secret,
    Auth,
    System,
}
