using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Tokens;

/// <summary>Fields and small request helpers shared by the token path families.</summary>
internal static class TokenFields
{
    public static readonly Field<string> Token = Fields.String("token", "The token (request body).");

    public static readonly Field<string> Accessor = Fields.String("accessor", "The token's accessor (request body).");

    public static readonly Field<TimeSpan> Increment = Fields.Duration("increment", "The requested TTL extension, counted from now.");

    public static readonly Field<string> RoleName = Fields.String("role_name", "The name of the token role.");

    /// <summary>The auth/token mount's settings (its TTL defaults).</summary>
    public static MountConfig Mount(RequestContext context) => context.Request.Mount?.Config ?? SystemMount.Token.Config;

    /// <summary>Non-negative whole seconds of a duration field, or a 400 naming the field as Vault does.</summary>
    public static long Seconds(RequestContext context, Field<TimeSpan> field)
    {
        var value = context.Get(field);
        return value < TimeSpan.Zero ? throw VaultException.InvalidRequest($"{field.Name} must be positive") : (long)value.TotalSeconds;
    }
}
