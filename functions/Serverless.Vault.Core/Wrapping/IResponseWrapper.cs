using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Wrapping;

/// <summary>Response wrapping: stores a response behind a new single-use wrapping token and answers with wrap_info only.</summary>
public interface IResponseWrapper
{
    /// <summary>
    /// The wrapped form of <paramref name="response"/> (a success with data or auth): <c>wrap_info</c> set,
    /// <c>data</c>, <c>auth</c>, lease fields and request id empty.
    /// </summary>
    Task<VaultResponse> WrapAsync(VaultRequest request, VaultResponse response, TimeSpan ttl, CancellationToken cancellationToken);
}
