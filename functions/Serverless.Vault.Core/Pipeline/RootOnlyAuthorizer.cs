using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// The authoriser until ACL policies exist: the root policy may do anything, every other token nothing.
/// </summary>
public sealed class RootOnlyAuthorizer : IAuthorizer
{
    public void Authorize(VaultRequest request, PathSpec spec)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Token?.IsRoot != true)
        {
            throw VaultException.PermissionDenied();
        }
    }
}
