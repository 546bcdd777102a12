using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>The token store's API under auth/token/: create, lookup, renew, revoke, roles, accessors, tidy.</summary>
public sealed class TokenBackend : IBackend
{
    public TokenBackend(TokenStore store, IBarrier barrier, TimeProvider time)
    {
        var roles = new TokenRoleStore(barrier);
        Paths = new(
        [
            .. new TokenCreatePaths(store, roles, time).Paths,
            .. new TokenLookupPaths(store, time).Paths,
            .. new TokenRenewPaths(store, roles, time).Paths,
            .. new TokenRevokePaths(store).Paths,
            .. new TokenRolePaths(roles).Paths,
            .. new TokenAccessorPaths(store).Paths,
            .. new TokenTidyPaths(store).Paths,
        ]);
    }

    public PathTable Paths { get; }
}
