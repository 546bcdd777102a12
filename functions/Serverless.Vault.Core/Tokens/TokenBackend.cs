using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tokens;

/// <summary>The token store's API under auth/token/: create, lookup, renew, revoke, roles, accessors, tidy.</summary>
public sealed class TokenBackend : IBackend
{
    public TokenBackend(TokenStore store, IBarrier barrier, AclProvider acls, TokenLoginRenewal logins, TimeProvider time)
    {
        var roles = new TokenRoleStore(barrier);
        var callers = new TokenCallers(acls);
        Paths = new(
        [
            .. new TokenCreatePaths(store, roles, callers, time).Paths,
            .. new TokenLookupPaths(store, time).Paths,
            .. new TokenRenewPaths(store, roles, logins, time).Paths,
            .. new TokenRevokePaths(store, callers).Paths,
            .. new TokenRolePaths(roles).Paths,
            .. new TokenAccessorPaths(store).Paths,
            .. new TokenTidyPaths(store).Paths,
        ]);
    }

    public PathTable Paths { get; }
}
