using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Leases;

/// <summary>Revokes a token's leases when the token store revokes the token.</summary>
internal sealed class LeaseTokenListener(IServiceProvider services) : ITokenRevocationListener
{
    // Resolved at call time: the lease manager reaches the router, which reaches the token store that holds this.
    public Task OnTokenRevokedAsync(TokenEntry token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Key.Length == 0
            ? Task.CompletedTask
            : services.GetRequiredService<LeaseRevoker>().RevokeByTokenAsync(
                token.Key,
                token.IsBatch || token.ExpireTime <= 0 ? null : LeaseIds.OfToken(token.Path, token.Key),
                cancellationToken);
    }
}
