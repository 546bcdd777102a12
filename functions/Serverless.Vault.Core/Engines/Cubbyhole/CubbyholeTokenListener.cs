using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Engines.Cubbyhole;

/// <summary>
/// Destroys a token's cubbyhole when the token store revokes the token: directly, through its parent, on its last
/// use, when the lease sweeper finds it expired, or when tidy finishes a revocation that crashed.
/// </summary>
internal sealed class CubbyholeTokenListener(CubbyholeStorage cubbyholes) : ITokenRevocationListener
{
    public Task OnTokenRevokedAsync(TokenEntry token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);

        // Batch tokens have no stored entry and no cubbyhole.
        return token.Key.Length == 0 ? Task.CompletedTask : cubbyholes.DestroyAsync(token.Key, cancellationToken);
    }
}
