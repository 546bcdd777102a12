using Serverless.Vault.Core.Auth;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// Attaches the caller's token and counts one use of a limited-use token. A missing, malformed, unknown, expired or
/// revoked token (service or batch) is "permission denied" (403), never 401, and the message never names the token.
/// </summary>
public sealed class TokenAuthenticator(TokenStore tokens)
{
    public Task<VaultRequest> AuthenticateAsync(VaultRequest request, CancellationToken cancellationToken) =>
        AuthenticateRequestAsync(request, cancellationToken).AsTask();

    /// <summary><see cref="AuthenticateAsync"/> for the pipeline: with a cached token it completes at once, allocating no task.</summary>
    internal async ValueTask<VaultRequest> AuthenticateRequestAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.ClientToken))
        {
            throw VaultException.PermissionDenied();
        }

        var token = await tokens.AuthenticateEntryAsync(request.ClientToken, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.PermissionDenied();
        if (token.BoundCidrs is { Count: > 0 } cidrs && !CidrBlocks.Contains(cidrs, request.RemoteAddress))
        {
            // A token bound to CIDR blocks is refused from anywhere else, as if it did not exist.
            throw VaultException.PermissionDenied();
        }

        return request with { Token = token };
    }
}
