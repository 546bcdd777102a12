using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// auth/token/renew, renew-self and renew-accessor. A renewal grants the increment (or the creation TTL) from now,
/// never past the explicit max TTL or the mount's max TTL counted from creation; periodic tokens get their period.
/// A login token is renewed only while the auth method that issued it agrees (its role or user still exists).
/// </summary>
internal sealed class TokenRenewPaths(TokenStore store, TokenRoleStore roles, TokenLoginRenewal logins, TimeProvider time)
{
    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("renew")
        {
            Fields = [TokenFields.Token, TokenFields.Increment],
            Handlers = { [Operation.Update] = RenewAsync },
            Synopsis = "Renew a token.",
        },
        new PathSpec("renew-self")
        {
            Fields = [TokenFields.Token, TokenFields.Increment],
            Handlers = { [Operation.Update] = RenewSelfAsync },
            Synopsis = "Renew the caller's token.",
        },
        new PathSpec("renew-accessor")
        {
            Fields = [TokenFields.Accessor, TokenFields.Increment],
            Handlers = { [Operation.Update] = RenewAccessorAsync },
            Synopsis = "Renew a token by its accessor; the answer does not contain the token id.",
        },
    ];

    private async Task<VaultResponse?> RenewAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Get(TokenFields.Token);
        if (token.Length == 0)
        {
            throw VaultException.InvalidRequest("missing token ID");
        }

        var entry = await store.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        return await RenewAsync(context, entry, token, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> RenewSelfAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Request.ClientToken ?? "";
        var entry = token.Length == 0 ? null : await store.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        return await RenewAsync(context, entry, token, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> RenewAccessorAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var accessor = context.Get(TokenFields.Accessor);
        if (accessor.Length == 0)
        {
            throw VaultException.InvalidRequest("missing accessor");
        }

        if (await store.KeyOfAccessorAsync(accessor, cancellationToken).ConfigureAwait(false) is null)
        {
            throw VaultException.InvalidRequest("invalid accessor");
        }

        var entry = await store.LookupByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false);
        return await RenewAsync(context, entry, "", cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> RenewAsync(RequestContext context, TokenEntry? entry, string clientToken, CancellationToken cancellationToken)
    {
        if (entry is null)
        {
            throw VaultException.InvalidRequest("token not found");
        }

        if (entry.IsBatch)
        {
            throw VaultException.InvalidRequest("batch tokens cannot be renewed");
        }

        if (entry.ExpireTime == 0 || !entry.Renewable)
        {
            throw VaultException.InvalidRequest("lease is not renewable");
        }

        var (period, explicitMaxTtl, maxTtl) = (entry.Period, entry.ExplicitMaxTtl, entry.MaxTtl);
        if (entry.Role.Length > 0)
        {
            // As in Vault, a role's current settings govern renewals of the tokens it made.
            var role = await roles.GetAsync(entry.Role, cancellationToken).ConfigureAwait(false)
                ?? throw VaultException.InvalidRequest($"original token role \"{entry.Role}\" could not be found, not renewing");
            (period, explicitMaxTtl, maxTtl) = (role.TokenPeriod, role.TokenExplicitMaxTtl, role.TokenMaxTtl);
        }

        await logins.CheckAsync(entry, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var increment = TokenFields.Seconds(context, TokenFields.Increment);
        var (ttl, warnings) = TokenTtl.Calculate(TokenFields.Mount(context), now, increment, entry.Ttl, period, maxTtl, explicitMaxTtl, entry.CreationTime);
        var renewed = await store.UpdateAsync(entry.Key, current => current with { ExpireTime = now + ttl, LastRenewalTime = now }, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("token not found");
        return new VaultResponse { Auth = TokenJson.Auth(clientToken, renewed, ttl, renewable: true), Warnings = warnings };
    }
}
