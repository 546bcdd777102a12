namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>Vault's leeway defaults and their meaning: 0 is the default, a negative value is no leeway at all.</summary>
internal static class JwtLeeway
{
    public const long DefaultClockSkew = 60;
    public const long DefaultExpiration = 150;
    public const long DefaultNotBefore = 150;

    public static long Effective(long configured, long fallback) => configured switch
    {
        < 0 => 0,
        0 => fallback,
        _ => configured,
    };
}
