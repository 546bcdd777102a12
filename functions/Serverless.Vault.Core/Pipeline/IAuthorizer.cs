using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>Decides whether the request's token may perform its operation on its path. Denies by default.</summary>
public interface IAuthorizer
{
    /// <summary>
    /// Throws <see cref="VaultException"/> (permission denied) unless the request is allowed; returns the request
    /// with <see cref="VaultRequest.Permissions"/> set for handlers that answer about further paths.
    /// A ValueTask: it runs on every authenticated request and completes at once when the token's ACL is cached.
    /// </summary>
    ValueTask<VaultRequest> AuthorizeAsync(VaultRequest request, PathSpec spec, CancellationToken cancellationToken);
}
