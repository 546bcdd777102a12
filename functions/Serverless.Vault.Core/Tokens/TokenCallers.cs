using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tokens;

/// <summary>What the caller's own policies allow beyond reaching the path: Vault's "root or sudo" checks.</summary>
internal sealed class TokenCallers(AclProvider acls)
{
    /// <summary>True for root, or when the caller's ACL grants sudo on the requested path (as Vault's SudoPrivilege).</summary>
    public async Task<bool> HasSudoAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Request.Token;
        if (token is null)
        {
            return false;
        }

        if (token.IsRoot)
        {
            return true;
        }

        var acl = await acls.ForTokenAsync(token, cancellationToken).ConfigureAwait(false);
        return acl.Check(context.Request.OriginalPath, Capability.Sudo, null).Allowed;
    }
}
