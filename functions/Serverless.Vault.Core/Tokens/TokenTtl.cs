using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Vault's framework.CalculateTTL for tokens, in whole seconds: the TTL to grant at creation or renewal, capped by
/// the mount's max TTL and the explicit max TTL counted from the token's creation; periodic tokens get the period.
/// </summary>
internal static class TokenTtl
{
    public static (long Ttl, IReadOnlyList<string> Warnings) Calculate(
        MountConfig mount, long now, long increment, long backendTtl, long period, long backendMaxTtl, long explicitMaxTtl, long start)
    {
        var warnings = new List<string>();
        var maxTtl = MountDefaults.EffectiveMaxTtl(mount);
        if (backendMaxTtl > 0 && backendMaxTtl < maxTtl)
        {
            maxTtl = backendMaxTtl;
        }

        if (explicitMaxTtl > 0 && explicitMaxTtl < maxTtl)
        {
            maxTtl = explicitMaxTtl;
        }

        long ttl;
        long? maxValidTime = null;
        if (period > 0)
        {
            if (period > maxTtl)
            {
                warnings.Add($"period of \"{Human(period)}\" exceeded the effective max_ttl of \"{Human(maxTtl)}\"; period value is capped accordingly");
                period = maxTtl;
            }

            ttl = period;
            if (explicitMaxTtl > 0)
            {
                maxValidTime = start + explicitMaxTtl;
            }
        }
        else
        {
            ttl = increment > 0 ? increment : backendTtl > 0 ? backendTtl : MountDefaults.EffectiveDefaultTtl(mount);
            maxValidTime = start + maxTtl;
        }

        if (maxValidTime is { } limit)
        {
            var maxValidTtl = limit - now;
            if (maxValidTtl <= 0)
            {
                throw VaultException.InvalidRequest("past the max TTL, cannot renew");
            }

            if (ttl > maxValidTtl)
            {
                warnings.Add($"TTL of \"{Human(ttl)}\" exceeded the effective max_ttl of \"{Human(maxValidTtl)}\"; TTL value is capped accordingly");
                ttl = maxValidTtl;
            }
        }

        return (ttl, warnings);
    }

    private static string Human(long seconds) => DurationText.Format(TimeSpan.FromSeconds(seconds));
}
