using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// Enforces the token's ACL policies on the request's full path: the operation's capability (create and update
/// told apart by the existence check), sudo on root-protected paths, and parameter constraints. Root bypasses.
/// </summary>
public sealed class AclAuthorizer(AclProvider acls) : IAuthorizer
{
    public async ValueTask<VaultRequest> AuthorizeAsync(VaultRequest request, PathSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(spec);
        var token = request.Token ?? throw VaultException.PermissionDenied();
        var acl = await acls.ForTokenAsync(token, cancellationToken).ConfigureAwait(false);

        // The check only reads the ACL, which is immutable and cached per policy set: one per ACL, not one per request.
        var authorized = request with { Permissions = acl.PermissionCheck ??= new AclPermissionCheck(acl) };
        if (acl.IsRoot || spec.AuthorizedByHandler)
        {
            return authorized;
        }

        var needed = CapabilityOf(request.Operation, request.IsHelp) | (spec.Sudo ? Capability.Sudo : Capability.None);
        // A rule's min_wrapping_ttl / max_wrapping_ttl admit only requests wrapped within those bounds.
        return acl.Allows(request.OriginalPath, needed, request.Data, request.WrapTtl) ? authorized : throw VaultException.PermissionDenied();
    }

    /// <summary>The capability an operation needs; help needs read, as reading the path would.</summary>
    public static Capability CapabilityOf(Operation operation, bool isHelp = false) =>
        isHelp ? Capability.Read : operation switch
        {
            Operation.Create => Capability.Create,
            Operation.Update => Capability.Update,
            Operation.Patch => Capability.Patch,
            Operation.Delete => Capability.Delete,
            Operation.List => Capability.List,
            _ => Capability.Read,
        };
}
