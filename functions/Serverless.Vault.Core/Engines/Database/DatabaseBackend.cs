using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.PasswordPolicies;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>The database engine's paths for one mount, and the lease callbacks for the users it issued.</summary>
internal sealed class DatabaseBackend : IBackend, ILeaseBackend
{
    private readonly DatabaseLeases _leases;
    private readonly StaticRoleRotator _rotator;
    private readonly string _mountPath;

    public DatabaseBackend(BackendContext context, IReadOnlyDictionary<string, IDatabasePlugin> plugins, PasswordPolicyStore passwordPolicies)
    {
        var connections = new DatabaseConnections(plugins, context.Mount.Uuid);
        var generator = new CredentialGenerator(passwordPolicies);
        _leases = new DatabaseLeases(context.Storage, connections);
        _rotator = new StaticRoleRotator(context.Storage, connections, generator, context.Time, context.LoggerFactory.CreateLogger<StaticRoleRotator>());
        _mountPath = context.Mount.Path;
        PathSpec[] specs =
        [
            .. new ConfigPaths(connections, generator).Specs,
            .. new RootCredentialPaths(connections, generator).Specs,
            .. RolePaths.Specs,
            new CredsPaths(connections, generator, context.Time).Spec,
            .. new StaticRolePaths(connections, _rotator).Specs,
            .. new StaticCredsPaths(_rotator, context.Time).Specs,
        ];
        Paths = new PathTable(specs);
    }

    public PathTable Paths { get; }

    public Task RevokeLeaseAsync(LeaseContext lease, CancellationToken cancellationToken) => _leases.RevokeAsync(lease, cancellationToken);

    public Task RenewLeaseAsync(LeaseContext lease, DateTimeOffset newExpireTime, CancellationToken cancellationToken) =>
        _leases.RenewAsync(lease, newExpireTime, cancellationToken);

    /// <summary>Rotates the static roles that are due; called by <see cref="DatabaseStaticRotationJob"/>.</summary>
    public Task RotateDueStaticRolesAsync(CancellationToken cancellationToken) => _rotator.RotateDueAsync(_mountPath, cancellationToken);
}
