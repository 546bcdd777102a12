using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Leases;

/// <summary>
/// A minimal dynamic-secrets engine over a <see cref="LeaseTarget"/>: <c>creds/:role</c> creates a user under a lease
/// (ttl and max_ttl given as query fields), and the lease manager calls it back to renew and revoke.
/// </summary>
internal sealed class LeaseTestBackend : IBackend, ILeaseBackend
{
    public const string Type = "leasetest";

    private static readonly Field<string> Role = Fields.String("role", "The role.");
    private static readonly Field<TimeSpan> Ttl = Fields.Duration("ttl", "The lease TTL.");
    private static readonly Field<TimeSpan> MaxTtl = Fields.Duration("max_ttl", "The lease max TTL.");
    private static readonly Field<bool> NotRenewable = Fields.Bool("not_renewable", "Issue a lease that cannot be renewed.");

    private readonly LeaseTarget _target;
    private readonly TimeProvider _time;
    private int _issued;

    public LeaseTestBackend(LeaseTarget target, TimeProvider time)
    {
        _target = target;
        _time = time;
        Paths = new PathTable(
        [
            new PathSpec("creds/{role}")
            {
                Fields = [Role, Ttl, MaxTtl, NotRenewable],
                Handlers = { [Operation.Read] = IssueAsync },
            },
        ]);
    }

    public PathTable Paths { get; }

    public Task RevokeLeaseAsync(LeaseContext lease, CancellationToken cancellationToken)
    {
        _target.Revoke(lease.InternalData["username"]!.GetValue<string>());
        return Task.CompletedTask;
    }

    public Task RenewLeaseAsync(LeaseContext lease, DateTimeOffset newExpireTime, CancellationToken cancellationToken)
    {
        _target.Renew(lease.InternalData["username"]!.GetValue<string>(), newExpireTime);
        return Task.CompletedTask;
    }

    private Task<VaultResponse?> IssueAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var user = $"{context.Get(Role)}-{Interlocked.Increment(ref _issued)}";
        var ttl = context.Get(Ttl);
        _target.Create(user, _time.GetUtcNow() + (ttl > TimeSpan.Zero ? ttl : TimeSpan.FromDays(32)));
        return Task.FromResult<VaultResponse?>(new VaultResponse
        {
            Data = new JsonObject { ["username"] = user, ["password"] = "not-a-real-password" },
            Secret = new SecretLease
            {
                Ttl = ttl,
                MaxTtl = context.Get(MaxTtl),
                Renewable = !context.Get(NotRenewable),
                InternalData = new JsonObject { ["username"] = user },
            },
        });
    }
}
