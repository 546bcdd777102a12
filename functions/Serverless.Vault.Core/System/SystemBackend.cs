using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.System;

/// <summary>The sys/ backend: one path family per class, composed here.</summary>
public sealed class SystemBackend(
    HealthPaths health,
    InitPaths init,
    MountsPaths mounts,
    AuthPaths auth,
    InternalUiPaths internalUi,
    KeyPaths keys,
    PolicyPaths policies,
    PasswordPolicyPaths passwordPolicies,
    CapabilitiesPaths capabilities,
    LeasePaths leases,
    IEnumerable<ISystemPaths> features) : IBackend
{
    public PathTable Paths { get; } = new([.. health.Paths, .. init.Paths, .. mounts.Paths, .. auth.Paths, .. internalUi.Paths, .. keys.Paths, .. policies.Paths, .. passwordPolicies.Paths, .. capabilities.Paths, .. leases.Paths, .. features.SelectMany(feature => feature.Paths)]);
}
