using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Quotas;

/// <summary>sys/quotas/rate-limit: create, read, list and delete rate-limit quotas, with Vault's validation and wording.</summary>
internal sealed class RateLimitQuotaPaths(QuotaStore store, MountStore mounts) : ISystemPaths
{
    /// <summary>The quota type Vault reports in a read.</summary>
    private const string Type = "rate-limit";

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("quotas/rate-limit")
        {
            Handlers = { [Operation.List] = ListAsync },
            Synopsis = "Lists the names of all the rate limit quotas.",
        },
        new PathSpec("quotas/rate-limit/{name}")
        {
            Fields = [QuotaFields.Name, QuotaFields.Path, QuotaFields.Role, QuotaFields.Rate, QuotaFields.Interval, QuotaFields.BlockInterval, QuotaFields.Inheritable],
            Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync, [Operation.Delete] = DeleteAsync },
            Synopsis = "Get, create or update rate limit resource quota for an optional mount.",
            Description = "A rate limit quota allows 'rate' requests per 'interval' to each client IP address, on every path, a mount, "
                + "a path below a mount, or logins to one role. Each instance counts on its own: see the README.",
        },
    ];

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var set = await store.GetFreshAsync(cancellationToken).ConfigureAwait(false);
        return set.IsEmpty
            ? null
            : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray([.. set.RateLimits.Select(q => q.Name).Order(StringComparer.Ordinal).Select(name => (JsonNode?)name)]) });
    }

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var quota = (await store.GetFreshAsync(cancellationToken).ConfigureAwait(false)).ByName(context.Get(QuotaFields.Name));
        return quota is null ? null : VaultResponse.WithData(new JsonObject
        {
            ["type"] = Type,
            ["name"] = quota.Name,
            ["path"] = quota.Path,
            ["role"] = quota.Role,
            ["rate"] = quota.Rate,
            ["interval"] = (long)quota.Interval.TotalSeconds,
            ["block_interval"] = (long)quota.BlockInterval.TotalSeconds,
            ["inheritable"] = quota.Inheritable,
        });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var quota = await ValidateAsync(context, cancellationToken).ConfigureAwait(false);
        await store.UpdateAsync(current =>
        {
            var similar = current.RateLimits.FirstOrDefault(q =>
                q.Name != quota.Name && q.MountPath == quota.MountPath && q.PathSuffix == quota.PathSuffix && q.Role == quota.Role);
            if (similar is not null)
            {
                throw VaultException.InvalidRequest($"quota rule with similar properties exists under the name \"{similar.Name}\"");
            }

            return new QuotaTableRecord(current.StoredConfig, [.. current.RateLimits.Where(q => q.Name != quota.Name), quota]);
        }, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var name = context.Get(QuotaFields.Name);
        var current = await store.GetFreshAsync(cancellationToken).ConfigureAwait(false);
        if (current.ByName(name) is not null)
        {
            await store.UpdateAsync(
                set => new QuotaTableRecord(set.StoredConfig, [.. set.RateLimits.Where(q => q.Name != name)]),
                cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The quota the request describes, or a 400 with Vault's message; nothing is written before this passes.</summary>
    private async Task<RateLimitQuota> ValidateAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var rate = context.Get(QuotaFields.Rate);
        if (rate <= 0)
        {
            throw VaultException.InvalidRequest("'rate' is invalid");
        }

        var interval = context.Get(QuotaFields.Interval);
        if (interval < TimeSpan.Zero)
        {
            throw VaultException.InvalidRequest("'interval' is invalid");
        }

        var block = context.Get(QuotaFields.BlockInterval);
        if (block < TimeSpan.Zero)
        {
            throw VaultException.InvalidRequest("'block' is invalid");
        }

        var target = QuotaTarget.Resolve(context.Get(QuotaFields.Path), await mounts.GetFreshAsync(cancellationToken).ConfigureAwait(false));
        var role = context.Get(QuotaFields.Role);
        if (role.Length > 0)
        {
            CheckRoleTarget(target);
        }

        return new RateLimitQuota
        {
            Name = context.Get(QuotaFields.Name),
            MountPath = target.MountPath,
            PathSuffix = target.PathSuffix,
            Role = role,
            Rate = rate,
            Interval = interval == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : interval,
            BlockInterval = block,
            // As Vault: a global quota is inheritable unless told otherwise.
            Inheritable = context.GetOr(QuotaFields.Inheritable, target.Mount is null),
        };
    }

    private static void CheckRoleTarget(QuotaTarget target)
    {
        if (target.PathSuffix.Length > 0)
        {
            throw VaultException.InvalidRequest(
                "Quotas cannot contain both a path suffix and a role. If a role is provided, path must be a valid auth mount with a concept of roles");
        }

        if (target.Mount is not { Kind: MountKind.Auth } mount)
        {
            throw VaultException.InvalidRequest($"Mount path \"{target.MountPath}\" is not a valid auth method and therefore unsuitable for use with role-based quotas");
        }

        if (!LoginRoleResolver.SupportsRoles(mount.Type))
        {
            throw VaultException.InvalidRequest($"Mount path \"{mount.Path}\" does not support use with role-based quotas");
        }
    }
}
