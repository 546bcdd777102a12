using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>Decides whether the request's token may perform its operation on its path. Denies by default.</summary>
public interface IAuthorizer
{
    /// <summary>Throws <see cref="VaultException"/> (permission denied) unless the request is allowed.</summary>
    Task AuthorizeAsync(VaultRequest request, PathSpec spec, CancellationToken cancellationToken);
}
