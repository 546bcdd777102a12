using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// Enforces the token's ACL policies on the request's full path: the operation's capability (create and update
/// told apart by the existence check), sudo on root-protected paths, and parameter constraints. Root bypasses.
/// </summary>
public sealed class AclAuthorizer(AclProvider acls) : IAuthorizer
{
    public async Task AuthorizeAsync(VaultRequest request, PathSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(spec);
        var token = request.Token ?? throw VaultException.PermissionDenied();
        if (token.IsRoot || spec.AuthorizedByHandler)
        {
            return;
        }

        var needed = CapabilityOf(request) | (spec.Sudo ? Capability.Sudo : Capability.None);
        var acl = await acls.ForTokenAsync(token, cancellationToken).ConfigureAwait(false);
        if (!acl.Check(request.OriginalPath, needed, request.Data).Allowed)
        {
            throw VaultException.PermissionDenied();
        }
    }

    /// <summary>The capability an operation needs; help needs read, as reading the path would.</summary>
    public static Capability CapabilityOf(VaultRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsHelp ? Capability.Read : request.Operation switch
        {
            Operation.Create => Capability.Create,
            Operation.Update => Capability.Update,
            Operation.Patch => Capability.Patch,
            Operation.Delete => Capability.Delete,
            Operation.List => Capability.List,
            _ => Capability.Read,
        };
    }
}
