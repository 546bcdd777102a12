using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>The token store's API under auth/token/: create, lookup, renew, revoke, roles.</summary>
public sealed class TokenBackend : IBackend
{
    public PathTable Paths { get; } = new([]);
}
