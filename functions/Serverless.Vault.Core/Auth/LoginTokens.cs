using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Auth;

/// <summary>
/// Mints the token of a successful login: only the token store creates tokens, auth methods only decide what the token
/// gets. Login tokens are orphans whose lease id is the login path; their TTLs follow the auth mount's limits.
/// </summary>
public sealed class LoginTokens(TokenStore store, TimeProvider time)
{
    public async Task<VaultResponse> IssueAsync(RequestContext context, LoginGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grant);
        var settings = grant.Settings;
        if (settings.BoundCidrs.Count > 0 && !CidrBlocks.Contains(settings.BoundCidrs, context.Request.RemoteAddress))
        {
            throw VaultException.PermissionDenied("login request originated from invalid CIDR");
        }

        var mount = context.Request.Mount?.Config ?? new MountConfig();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var (ttl, warnings) = TokenTtl.Calculate(mount, now, 0, settings.Ttl, settings.Period, settings.MaxTtl, settings.ExplicitMaxTtl, now);
        var maxTtl = settings.MaxTtl > 0 ? Math.Min(settings.MaxTtl, MountDefaults.EffectiveMaxTtl(mount)) : MountDefaults.EffectiveMaxTtl(mount);
        var policies = PoliciesOf(settings, grant.ExtraPolicies);
        var batch = settings.IsBatch;
        var template = new TokenEntry
        {
            Accessor = "",
            Policies = policies,
            Path = context.Request.OriginalPath,
            DisplayName = grant.DisplayName,
            CreationTime = now,
            Ttl = ttl,
            ExpireTime = ttl > 0 ? now + ttl : 0,
            Meta = grant.Metadata.Count > 0 ? grant.Metadata : null,
            NumUses = settings.NumUses,
            ExplicitMaxTtl = settings.ExplicitMaxTtl,
            Period = settings.Period,
            MaxTtl = maxTtl,
            BoundCidrs = settings.BoundCidrs.Count > 0 ? settings.BoundCidrs : null,
            Renewable = !batch,
            Type = batch ? TokenTypes.Batch : TokenTypes.Service,
            InternalData = batch || grant.InternalData is not { Count: > 0 } ? null : grant.InternalData,
        };
        var issued = await store.CreateAsync(template, null, cancellationToken).ConfigureAwait(false);
        return new VaultResponse { Auth = TokenJson.Auth(issued.Id, issued.Entry, ttl, !batch), Warnings = warnings };
    }

    /// <summary>
    /// For a renewal check that logs in again: true when a login with these settings and extra policies would give
    /// <paramref name="token"/> the policies it has (Vault's EquivalentPolicies, "default" aside).
    /// </summary>
    public static bool GrantsSamePolicies(TokenParams settings, IReadOnlyList<string> extraPolicies, TokenEntry token)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(token);
        return TokenPolicies.Equivalent(PoliciesOf(settings, extraPolicies), token.Policies);
    }

    /// <summary>The policies a login token gets: the same computation at issue and at renewal.</summary>
    private static IReadOnlyList<string> PoliciesOf(TokenParams settings, IReadOnlyList<string> extraPolicies) =>
        TokenPolicies.Sanitize([.. settings.Policies, .. extraPolicies], addDefault: !settings.NoDefaultPolicy);
}
