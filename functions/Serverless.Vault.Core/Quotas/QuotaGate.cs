using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// Vault's rate-limit quotas, enforced by this instance alone: each quota counts requests per client address here, so
/// N instances let a client through up to N times the rate. With no quota defined a request costs one clock read.
/// </summary>
internal sealed partial class QuotaGate(
    QuotaStore store,
    LoginRoleResolver roles,
    IBarrier barrier,
    IAuditBroker audit,
    TimeProvider time,
    ILogger<QuotaGate> logger) : IQuotaGate
{
    public const string LimitHeader = "X-Ratelimit-Limit";
    public const string RemainingHeader = "X-Ratelimit-Remaining";
    public const string ResetHeader = "X-Ratelimit-Reset";

    private readonly ConcurrentDictionary<string, ClientRateLimiter> _limiters = new(StringComparer.Ordinal);
    private QuotaSet? _limitersFor;

    public ValueTask<IReadOnlyDictionary<string, string>?> CheckAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // While sealed (sys/health, sys/seal-status, sys/unseal) no quota can be read; Vault has none loaded either.
        if (barrier.IsSealed)
        {
            return default;
        }

        if (store.TryGetCurrent(out var set))
        {
            return set.IsEmpty ? default : ApplyAsync(set, request, cancellationToken);
        }

        return LoadAndCheckAsync(request, cancellationToken);
    }

    private async ValueTask<IReadOnlyDictionary<string, string>?> LoadAndCheckAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        var set = await store.GetAsync(cancellationToken).ConfigureAwait(false);
        return set.IsEmpty ? null : await ApplyAsync(set, request, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyDictionary<string, string>?> ApplyAsync(QuotaSet set, VaultRequest request, CancellationToken cancellationToken)
    {
        var path = request.OriginalPath.Length > 0 ? request.OriginalPath : request.Path;
        if (set.IsExempt(path))
        {
            return null;
        }

        var mountPath = request.Mount?.Path ?? "";
        var role = set.HasRoleQuota(mountPath) ? await roles.ResolveAsync(request, cancellationToken).ConfigureAwait(false) : null;
        var quota = set.Find(mountPath, request.Path, role);
        if (quota is null)
        {
            return null;
        }

        var decision = LimiterFor(set, quota).Take(request.RemoteAddress ?? "", time.GetUtcNow());
        // A client serving a block gets Retry-After alone, as in Vault: its count is not consulted.
        var headers = set.Config.EnableRateLimitResponseHeaders && !decision.Blocked ? Headers(decision) : null;
        if (decision.Allowed)
        {
            return headers;
        }

        var error = VaultException.RateLimited($"request path \"{path}\": rate limit quota exceeded", decision.RetryAfterSeconds, headers);
        LogRejected(logger, quota.Name, path);
        if (set.Config.EnableRateLimitAuditLogging)
        {
            await AuditRejectionAsync(request, error, cancellationToken).ConfigureAwait(false);
        }

        throw error;
    }

    /// <summary>The quota's limiter; a changed definition starts afresh, and limiters of deleted quotas are dropped.</summary>
    private ClientRateLimiter LimiterFor(QuotaSet set, RateLimitQuota quota)
    {
        if (!ReferenceEquals(Volatile.Read(ref _limitersFor), set))
        {
            foreach (var name in _limiters.Keys.Where(name => set.ByName(name) is null))
            {
                _limiters.TryRemove(name, out _);
            }

            Volatile.Write(ref _limitersFor, set);
        }

        var limiter = _limiters.GetOrAdd(quota.Name, static (_, q) => new ClientRateLimiter(q), quota);
        if (limiter.Quota != quota)
        {
            var replacement = new ClientRateLimiter(quota);
            limiter = _limiters.TryUpdate(quota.Name, replacement, limiter) ? replacement : _limiters[quota.Name];
        }

        return limiter;
    }

    private static Dictionary<string, string> Headers(RateDecision decision) => new(StringComparer.OrdinalIgnoreCase)
    {
        [LimitHeader] = decision.Limit.ToString(CultureInfo.InvariantCulture),
        [RemainingHeader] = decision.Remaining.ToString(CultureInfo.InvariantCulture),
        [ResetHeader] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>As Vault: a rejection is audited when configured, and a failing audit device does not change the 429.</summary>
    private async Task AuditRejectionAsync(VaultRequest request, VaultException error, CancellationToken cancellationToken)
    {
        try
        {
            await audit.LogRequestAsync(request, error.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditFailedException failure)
        {
            LogAuditFailed(logger, failure, request.RequestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request to {Path} refused by rate-limit quota {Quota}")]
    private static partial void LogRejected(ILogger logger, string quota, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} was refused by a rate-limit quota and could not be audited")]
    private static partial void LogAuditFailed(ILogger logger, Exception error, string requestId);
}
