using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;

namespace Serverless.Vault.Core.System;

/// <summary>sys/leases/* and the legacy sys/renew, sys/revoke, sys/revoke-prefix, sys/revoke-force that clients still call.</summary>
public sealed class LeasePaths(LeaseManager manager, LeaseRevoker revoker, LeaseStore store)
{
    private static readonly Field<string> LeaseIdField = Fields.String("lease_id", "The lease to act on.");
    private static readonly Field<string> UrlLeaseId = Fields.String("url_lease_id", "The lease, given in the URL.");
    private static readonly Field<TimeSpan> Increment = Fields.Duration("increment", "Requested new TTL, from now.");
    private static readonly Field<bool> Sync = Fields.Bool("sync", "Revoke before answering (true) or queue it for the sweeper.", defaultValue: true);
    private static readonly Field<string> Prefix = Fields.String("prefix", "The lease id prefix.");
    private static readonly Field<string> CountType = Fields.String("type", "\"irrevocable\" or \"all\".", "all");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("leases/lookup")
        {
            Fields = [LeaseIdField],
            Handlers = { [Operation.Update] = LookupAsync, [Operation.List] = ListAsync },
            Synopsis = "A lease's issue, expiry and renewal times; LIST gives the top-level prefixes.",
        },
        new PathSpec("leases/lookup/{*prefix}")
        {
            Fields = [Prefix],
            Handlers = { [Operation.List] = ListAsync },
            Sudo = true,
            Synopsis = "The leases and sub-prefixes under a prefix.",
        },
        .. Renew("leases/renew"),
        .. Renew("renew"),
        .. Revoke("leases/revoke"),
        .. Revoke("revoke"),
        RevokePrefix("leases/revoke-prefix/{*prefix}", force: false),
        RevokePrefix("revoke-prefix/{*prefix}", force: false),
        RevokePrefix("leases/revoke-force/{*prefix}", force: true),
        RevokePrefix("revoke-force/{*prefix}", force: true),
        new PathSpec("leases/count")
        {
            Fields = [CountType],
            Handlers = { [Operation.Read] = CountAsync },
            Synopsis = "How many leases there are, in all or irrevocable.",
        },
        new PathSpec("leases/tidy")
        {
            Handlers = { [Operation.Update] = TidyAsync },
            Synopsis = "Repairs the lease indexes: drops rows that point nowhere, restores missing ones.",
        },
    ];

    private IEnumerable<PathSpec> Renew(string path) =>
    [
        new PathSpec(path) { Fields = [LeaseIdField, Increment], Handlers = { [Operation.Update] = RenewAsync }, Synopsis = "Extend a lease." },
        new PathSpec(path + "/{*url_lease_id}") { Fields = [LeaseIdField, UrlLeaseId, Increment], Handlers = { [Operation.Update] = RenewAsync }, Synopsis = "Extend a lease." },
    ];

    private IEnumerable<PathSpec> Revoke(string path) =>
    [
        new PathSpec(path) { Fields = [LeaseIdField, Sync], Handlers = { [Operation.Update] = RevokeAsync }, Synopsis = "Revoke a lease." },
        new PathSpec(path + "/{*url_lease_id}") { Fields = [LeaseIdField, UrlLeaseId, Sync], Handlers = { [Operation.Update] = RevokeAsync }, Synopsis = "Revoke a lease." },
    ];

    private PathSpec RevokePrefix(string path, bool force) => new(path)
    {
        Fields = [Prefix, Sync],
        Handlers = { [Operation.Update] = (context, cancellationToken) => RevokePrefixAsync(context, force, cancellationToken) },
        Sudo = true,
        Synopsis = force ? "Forget every lease under a prefix, ignoring backend errors." : "Revoke every lease under a prefix.",
    };

    private async Task<VaultResponse?> LookupAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var entry = await manager.LookupAsync(RequiredLeaseId(context), cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("invalid lease");
        var now = store.Time.GetUtcNow().ToUnixTimeSeconds();
        return VaultResponse.WithData(new JsonObject
        {
            ["id"] = entry.LeaseId,
            ["issue_time"] = Rfc3339(entry.IssueTime),
            ["expire_time"] = Rfc3339(entry.ExpireTime),
            ["last_renewal"] = entry.LastRenewal > 0 ? Rfc3339(entry.LastRenewal) : null,
            ["renewable"] = entry.Renewable && entry.Attempts == 0 && now < entry.ExpireTime,
            ["ttl"] = Math.Max(0, entry.ExpireTime - now),
            ["path"] = entry.LeaseId[..entry.LeaseId.LastIndexOf('/')],
            ["irrevocable"] = entry.Irrevocable,
            ["revocation_attempts"] = entry.Attempts,
            ["revocation_error"] = entry.LastError.Length > 0 ? entry.LastError : null,
        });
    }

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var prefix = context.Get(Prefix).TrimEnd('/');
        var folder = prefix.Length == 0 ? LeaseStoragePaths.Ids : LeaseStoragePaths.Ids + prefix + "/";
        var keys = await store.Storage.ListAsync(folder, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) });
    }

    private async Task<VaultResponse?> RenewAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var leaseId = RequiredLeaseId(context);
        if (leaseId.StartsWith("auth/", StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest("tokens cannot be renewed through this endpoint");
        }

        var (lease, warnings) = await manager.RenewAsync(leaseId, context.Get(Increment), cancellationToken).ConfigureAwait(false);
        var now = store.Time.GetUtcNow().ToUnixTimeSeconds();
        return new VaultResponse
        {
            LeaseId = lease.LeaseId,
            Renewable = lease.Renewable,
            LeaseDuration = Math.Max(0, lease.ExpireTime - now),
            Warnings = warnings,
        };
    }

    private async Task<VaultResponse?> RevokeAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var leaseId = RequiredLeaseId(context);
        if (!context.Get(Sync))
        {
            await revoker.ScheduleRevocationAsync(leaseId, cancellationToken).ConfigureAwait(false);
            return new VaultResponse { StatusCode = 202 };
        }

        await revoker.RevokeAsync(leaseId, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> RevokePrefixAsync(RequestContext context, bool force, CancellationToken cancellationToken)
    {
        var prefix = context.Get(Prefix);
        if (prefix.Trim('/').Length == 0)
        {
            throw VaultException.InvalidRequest("prefix is required");
        }

        await revoker.RevokePrefixAsync(prefix, force, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> CountAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var type = context.Get(CountType);
        if (type is not ("all" or "irrevocable"))
        {
            throw VaultException.InvalidRequest("invalid type; expected \"all\" or \"irrevocable\"");
        }

        var count = 0;
        foreach (var leaseId in await revoker.LeaseIdsUnderAsync("", cancellationToken).ConfigureAwait(false))
        {
            if (type == "all" || (await manager.LookupAsync(leaseId, cancellationToken).ConfigureAwait(false))?.Irrevocable == true)
            {
                count++;
            }
        }

        return VaultResponse.WithData(new JsonObject { ["lease_count"] = count, ["counts"] = new JsonObject { ["root"] = count } });
    }

    private async Task<VaultResponse?> TidyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var result = await new LeaseTidy(store, revoker).RunAsync(cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithWarnings(
        [
            $"Tidy checked {result.Leases} leases: {result.Reindexed} reindexed, {result.DanglingRows} dangling index rows removed.",
        ]);
    }

    private static string RequiredLeaseId(RequestContext context)
    {
        var leaseId = context.Get(LeaseIdField);
        if (leaseId.Length == 0 && context.Input.Has(UrlLeaseId))
        {
            leaseId = context.Get(UrlLeaseId);
        }

        return leaseId.Length == 0 ? throw VaultException.InvalidRequest("lease_id is required")
            : LeaseIds.IsWellFormed(leaseId) ? leaseId
            : throw VaultException.InvalidRequest("invalid lease");
    }

    private static string Rfc3339(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
