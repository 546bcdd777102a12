using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// What an auth method's login path checks when a token it issued is renewed (Vault's renew handler of the login
/// path): the role or user behind the login must still exist, and its policies still be the token's. Throws
/// <see cref="VaultException"/> to refuse the renewal. The context is scoped to the auth mount, as a login's is.
/// </summary>
public delegate Task LoginRenewCheck(RequestContext context, TokenEntry token, CancellationToken cancellationToken);
