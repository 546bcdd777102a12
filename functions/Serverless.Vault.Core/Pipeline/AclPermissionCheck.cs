using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>The caller's compiled ACL, asked about further paths on behalf of a handler.</summary>
internal sealed class AclPermissionCheck(Acl acl) : IPermissionCheck
{
    public Task<bool> AllowsAsync(string path, Operation operation, CancellationToken cancellationToken) =>
        Task.FromResult(acl.Allows(path, AclAuthorizer.CapabilityOf(operation), data: null));
}
