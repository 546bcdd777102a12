using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>static-creds/:name (the current password) and rotate-role/:name (rotate it now).</summary>
internal sealed class StaticCredsPaths(StaticRoleRotator rotator, TimeProvider time)
{
    public IEnumerable<PathSpec> Specs =>
    [
        new("static-creds/{name}")
        {
            Fields = [DatabaseFields.Name],
            Handlers = { [Operation.Read] = ReadAsync },
            Synopsis = "Read a static role's current password.",
        },
        new("rotate-role/{name}")
        {
            Fields = [DatabaseFields.Name],
            Handlers = { [Operation.Update] = RotateAsync },
            Synopsis = "Rotate a static role's password now.",
        },
    ];

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        var role = await DatabaseStore.GetAsync<StaticRoleRecord>(context.Storage, DatabaseStorageKeys.StaticRolePrefix, name, cancellationToken).ConfigureAwait(false);
        if (role?.LastVaultRotation is not { } last)
        {
            throw VaultException.InvalidRequest($"unknown role: {name}");
        }

        var next = last + TimeSpan.FromSeconds(role.RotationPeriodSeconds);
        return VaultResponse.WithData(new JsonObject
        {
            ["username"] = role.Username,
            ["password"] = role.Password,
            ["last_vault_rotation"] = last.ToString("O"),
            ["rotation_period"] = role.RotationPeriodSeconds,
            ["ttl"] = Math.Max(0, (long)(next - time.GetUtcNow()).TotalSeconds),
        });
    }

    private async Task<VaultResponse?> RotateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(DatabaseFields.Name);
        _ = await DatabaseStore.GetAsync<StaticRoleRecord>(context.Storage, DatabaseStorageKeys.StaticRolePrefix, name, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"no static role found for role name: {name}");
        if (!await rotator.RotateAsync(name, cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.InvalidRequest($"a rotation of static role {name} is already in progress; try again shortly");
        }

        return null;
    }
}
