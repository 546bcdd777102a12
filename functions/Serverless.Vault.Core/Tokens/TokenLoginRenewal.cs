using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Asks the auth method that issued a token whether it may be renewed: the token's creating path is routed like a
/// request, and the login path's <see cref="PathSpec.Renew"/> check runs on the auth mount (Vault calls the login
/// path's renew handler). Tokens of the token store itself have no such check.
/// </summary>
public sealed class TokenLoginRenewal(IServiceProvider services)
{
    private const string TokenStorePath = "auth/token/";

    public async Task CheckAsync(TokenEntry token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.Path.StartsWith("auth/", StringComparison.Ordinal) || token.Path.StartsWith(TokenStorePath, StringComparison.Ordinal))
        {
            return;
        }

        // Resolved at call time: the router reaches the token store's backend, which holds this.
        RoutedRequest routed;
        try
        {
            routed = await services.GetRequiredService<MountRouter>().RouteAsync(
                new VaultRequest { RequestId = "", Operation = Operation.Update, Path = token.Path, Token = token },
                cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException)
        {
            throw VaultException.InvalidRequest("the auth method that issued this token is no longer mounted, not renewing");
        }

        if (routed.Match.Spec.Renew is { } renew)
        {
            // The cache keeps no internal data (see TokenCache.Set): a cached entry that had some gets it from storage.
            if (token.InternalDataLeftOut)
            {
                var (stored, _) = await services.GetRequiredService<TokenStore>().ReadAsync(token.Key, cancellationToken).ConfigureAwait(false);
                token = token with { InternalData = stored?.InternalData, InternalDataLeftOut = false };
            }

            await renew(RequestContext.For(routed.Request, routed.Match), token, cancellationToken).ConfigureAwait(false);
        }
    }
}
