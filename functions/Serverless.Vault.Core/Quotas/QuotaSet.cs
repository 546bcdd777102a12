namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// The quotas and config in force, as read at one moment, with Vault's precedence: the most specific quota that applies
/// wins (a login role over a path below the mount over the mount over the global quota).
/// </summary>
public sealed class QuotaSet
{
    private readonly HashSet<string> _exemptPaths;
    private readonly string[] _exemptPrefixes;

    public QuotaSet(QuotaConfig? config, IReadOnlyList<RateLimitQuota> rateLimits)
    {
        ArgumentNullException.ThrowIfNull(rateLimits);
        StoredConfig = config;
        Config = config ?? QuotaConfig.Default;
        RateLimits = rateLimits;
        // As Vault's path manager: an entry ending in '*' is a prefix, any other must match the whole path.
        _exemptPaths = Config.RateLimitExemptPaths.Where(p => !p.EndsWith('*')).ToHashSet(StringComparer.Ordinal);
        _exemptPrefixes = [.. Config.RateLimitExemptPaths.Where(p => p.EndsWith('*')).Select(p => p[..^1])];
    }

    public static QuotaSet Empty { get; } = new(null, []);

    /// <summary>The config in force: the stored one, or Vault's defaults.</summary>
    public QuotaConfig Config { get; }

    /// <summary>The config as stored, null until sys/quotas/config is first written.</summary>
    public QuotaConfig? StoredConfig { get; }

    public IReadOnlyList<RateLimitQuota> RateLimits { get; }

    public bool IsEmpty => RateLimits.Count == 0;

    public RateLimitQuota? ByName(string name) => RateLimits.FirstOrDefault(q => q.Name == name);

    /// <summary>True when <paramref name="path"/> (the full request path, "sys/health") is exempt from every quota.</summary>
    public bool IsExempt(string path) =>
        _exemptPaths.Contains(path) || Array.Exists(_exemptPrefixes, prefix => path.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>True when some quota counts logins to a role of this mount: only then is the login's role worked out.</summary>
    public bool HasRoleQuota(string mountPath)
    {
        foreach (var quota in RateLimits)
        {
            if (quota.Role.Length > 0 && quota.MountPath == mountPath)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The quota that applies to a request on <paramref name="mountPath"/> at <paramref name="relativePath"/>, or null.</summary>
    public RateLimitQuota? Find(string mountPath, string relativePath, string? role)
    {
        var suffix = relativePath.TrimEnd('/');
        RateLimitQuota? byRole = null, exact = null, prefix = null, mount = null, global = null;
        foreach (var quota in RateLimits)
        {
            if (quota.MountPath.Length == 0)
            {
                global = quota;
            }
            else if (quota.MountPath != mountPath)
            {
                continue;
            }
            else if (quota.Role.Length > 0)
            {
                byRole = role is not null && quota.Role == role ? quota : byRole;
            }
            else if (quota.PathSuffix.Length == 0)
            {
                mount = quota;
            }
            else if (quota.PathSuffix == suffix)
            {
                exact = quota;
            }
            else if (IsLongerPrefixMatch(quota.PathSuffix, suffix, prefix))
            {
                prefix = quota;
            }
        }

        return byRole ?? exact ?? prefix ?? mount ?? global;
    }

    /// <summary>Vault's globbed suffixes ("data/app*"): the longest one that the request path starts with wins.</summary>
    private static bool IsLongerPrefixMatch(string pattern, string suffix, RateLimitQuota? current) =>
        pattern.EndsWith('*')
        && suffix.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
        && (current is null || pattern.Length > current.PathSuffix.Length);
}
