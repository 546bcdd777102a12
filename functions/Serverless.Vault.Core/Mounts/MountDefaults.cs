namespace Serverless.Vault.Core.Mounts;

/// <summary>System-wide lease defaults that a mount's 0 TTLs fall back to, as in Vault.</summary>
public static class MountDefaults
{
    /// <summary>768 hours: Vault's default for both the default and the maximum lease TTL.</summary>
    public const long LeaseTtlSeconds = 768 * 3600;

    public static long EffectiveDefaultTtl(MountConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.DefaultLeaseTtl > 0 ? config.DefaultLeaseTtl : Math.Min(LeaseTtlSeconds, EffectiveMaxTtl(config));
    }

    public static long EffectiveMaxTtl(MountConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.MaxLeaseTtl > 0 ? config.MaxLeaseTtl : LeaseTtlSeconds;
    }
}
