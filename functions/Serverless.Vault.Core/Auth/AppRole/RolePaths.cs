using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>role (list), role/:role_name and role/:role_name/role-id: the roles and their role IDs.</summary>
internal sealed class RolePaths(AppRoleHandlers handlers)
{
    /// <summary>Vault's limit on role names (path_role.go).</summary>
    private const int MaxNameLength = 4096;

    private static readonly Field<bool> BindSecretId = Fields.Bool("bind_secret_id", "Require a secret ID at login.", true);
    private static readonly Field<IReadOnlyList<string>> SecretIdBoundCidrs = Fields.StringList("secret_id_bound_cidrs", "CIDR blocks logins must come from.");
    private static readonly Field<long> SecretIdNumUses = Fields.Int("secret_id_num_uses", "Logins each secret ID allows (0: unlimited).");
    private static readonly Field<TimeSpan> SecretIdTtl = Fields.Duration("secret_id_ttl", "Life of each secret ID (0: no expiry).");
    private static readonly Field<bool> LocalSecretIds = Fields.Bool("local_secret_ids", "Cluster-local secret IDs; set only at creation.");

    public IEnumerable<PathSpec> Specs =>
    [
        new("role")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "Lists all the roles registered with the backend.",
        },
        new("role/{role_name}")
        {
            Fields = [AppRoleFields.RoleName, AppRoleFields.RoleId, BindSecretId, SecretIdBoundCidrs, SecretIdNumUses, SecretIdTtl, LocalSecretIds, .. TokenParamFields.All],
            Handlers = { [Operation.Update] = WriteAsync, [Operation.Read] = ReadAsync, [Operation.Delete] = DeleteAsync },
            Existence = ExistsAsync,
            Synopsis = "Register a role with the backend.",
        },
        new("role/{role_name}/role-id")
        {
            Fields = [AppRoleFields.RoleName, AppRoleFields.RoleId],
            Handlers = { [Operation.Read] = ReadRoleIdAsync, [Operation.Update] = WriteRoleIdAsync },
            Synopsis = "Returns the 'role_id' of the role, or sets a custom one.",
        },
    ];

    private async Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        return (await store.ReadRoleAsync(context.Get(AppRoleFields.RoleName), cancellationToken).ConfigureAwait(false)).Value is not null;
    }

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var names = await store.ListRolesAsync(cancellationToken).ConfigureAwait(false);
        return names.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray([.. names.Select(n => (JsonNode)n)]) });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = AppRoleStore.NormalizeName(context.Get(AppRoleFields.RoleName));
        if (name.Length > MaxNameLength)
        {
            throw VaultException.InvalidRequest("role_name is longer than maximum of 4096 bytes");
        }

        var input = context.Input;
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var (existing, stored) = await store.ReadRoleAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null && input.Has(LocalSecretIds) && context.Get(LocalSecretIds) != existing.LocalSecretIds)
        {
            throw VaultException.InvalidRequest("local_secret_ids can only be modified during role creation");
        }

        var roleId = input.Has(AppRoleFields.RoleId) ? context.Get(AppRoleFields.RoleId).Trim() : existing?.RoleId ?? RandomIds.Uuid();
        if (roleId.Length == 0)
        {
            throw VaultException.InvalidRequest("invalid role_id supplied, or failed to generate a role_id");
        }

        var role = new AppRoleRole
        {
            Name = name,
            RoleId = roleId,
            SecretIdPrefix = existing?.SecretIdPrefix ?? RandomIds.Uuid(),
            BindSecretId = input.Has(BindSecretId) ? context.Get(BindSecretId) : existing?.BindSecretId ?? true,
            SecretIdBoundCidrs = input.Has(SecretIdBoundCidrs) ? CidrBlocks.Parse(context.Get(SecretIdBoundCidrs)) : existing?.SecretIdBoundCidrs ?? [],
            SecretIdNumUses = input.Has(SecretIdNumUses) ? context.Get(SecretIdNumUses) : existing?.SecretIdNumUses ?? 0,
            SecretIdTtl = input.Has(SecretIdTtl) ? (long)context.Get(SecretIdTtl).TotalSeconds : existing?.SecretIdTtl ?? 0,
            LocalSecretIds = existing?.LocalSecretIds ?? context.Get(LocalSecretIds),
            Token = TokenParamFields.Apply(existing?.Token ?? new TokenParams(), input),
        };
        Validate(role);

        if (!await store.ClaimRoleIdAsync(role.RoleId, name, cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.InvalidRequest("role_id already in use");
        }

        await store.Storage.PutAsync(AppRoleStorageKeys.Role(name), StoredJson.Serialize(role), PutCondition.From(stored), CancellationToken.None).ConfigureAwait(false);
        if (existing is not null && existing.RoleId != role.RoleId)
        {
            await store.ReleaseRoleIdAsync(existing.RoleId, CancellationToken.None).ConfigureAwait(false);
        }

        return null;
    }

    private static void Validate(AppRoleRole role)
    {
        if (role.SecretIdNumUses < 0)
        {
            throw VaultException.InvalidRequest("secret_id_num_uses cannot be negative");
        }

        if (role.SecretIdTtl < 0)
        {
            throw VaultException.InvalidRequest("secret_id_ttl cannot be negative");
        }

        // Vault's validateRoleConstraints: a role must restrict logins somehow.
        if (!role.BindSecretId && role.SecretIdBoundCidrs.Count == 0 && role.Token.BoundCidrs.Count == 0)
        {
            throw VaultException.InvalidRequest("at least one constraint should be enabled on the role");
        }
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var (role, _) = await store.ReadRoleAsync(context.Get(AppRoleFields.RoleName), cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return null;
        }

        var data = new JsonObject
        {
            ["bind_secret_id"] = role.BindSecretId,
            ["local_secret_ids"] = role.LocalSecretIds,
            ["secret_id_bound_cidrs"] = new JsonArray([.. role.SecretIdBoundCidrs.Select(c => (JsonNode)c)]),
            ["secret_id_num_uses"] = role.SecretIdNumUses,
            ["secret_id_ttl"] = role.SecretIdTtl,
        };
        TokenParamFields.Describe(role.Token, data);
        return VaultResponse.WithData(data);
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var (role, _) = await store.ReadRoleAsync(context.Get(AppRoleFields.RoleName), cancellationToken).ConfigureAwait(false);
        if (role is not null)
        {
            await store.DeleteRoleAsync(role, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<VaultResponse?> ReadRoleIdAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var (role, _) = await store.ReadRoleAsync(context.Get(AppRoleFields.RoleName), cancellationToken).ConfigureAwait(false);
        return role is null ? null : VaultResponse.WithData(new JsonObject { ["role_id"] = role.RoleId });
    }

    private async Task<VaultResponse?> WriteRoleIdAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var roleId = context.Get(AppRoleFields.RoleId).Trim();
        if (roleId.Length == 0)
        {
            throw VaultException.InvalidRequest("missing role_id");
        }

        var store = await handlers.StoreAsync(context, cancellationToken).ConfigureAwait(false);
        var name = context.Get(AppRoleFields.RoleName);
        var (role, stored) = await store.ReadRoleAsync(name, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            throw VaultException.InvalidRequest($"role \"{name}\" does not exist");
        }

        if (!await store.ClaimRoleIdAsync(roleId, role.Name, cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.InvalidRequest("role_id already in use");
        }

        await store.Storage.PutAsync(AppRoleStorageKeys.Role(role.Name), StoredJson.Serialize(role with { RoleId = roleId }), PutCondition.From(stored), CancellationToken.None).ConfigureAwait(false);
        if (role.RoleId != roleId)
        {
            await store.ReleaseRoleIdAsync(role.RoleId, CancellationToken.None).ConfigureAwait(false);
        }

        return null;
    }
}
