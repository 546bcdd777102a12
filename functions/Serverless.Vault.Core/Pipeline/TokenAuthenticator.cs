using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>Attaches the caller's token; a missing, malformed or unknown token is "permission denied".</summary>
public sealed class TokenAuthenticator(TokenStore tokens)
{
    public async Task<VaultRequest> AuthenticateAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.ClientToken))
        {
            throw VaultException.PermissionDenied();
        }

        var token = await tokens.LookupAsync(request.ClientToken, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.PermissionDenied();
        return request with { Token = token };
    }
}
