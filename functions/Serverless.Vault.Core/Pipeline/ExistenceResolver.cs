using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// Turns a write (POST/PUT arrive as <see cref="Operation.Update"/>) into a create when the path's existence check
/// says the target is new, so that ACLs can tell "create" from "update" as Vault's do.
/// </summary>
public static class ExistenceResolver
{
    /// <summary>The request, as a create when the target is new; a ValueTask, as most paths have no check and return at once.</summary>
    public static async ValueTask<VaultRequest> ResolveAsync(VaultRequest request, PathMatch match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(match);
        if (request.Operation is not (Operation.Create or Operation.Update) || match.Spec.Existence is null)
        {
            return request;
        }

        var context = RequestContext.For(request, match);
        var exists = await match.Spec.Existence(context, cancellationToken).ConfigureAwait(false);
        var operation = exists ? Operation.Update : Operation.Create;

        // Requests are immutable: an update of an existing target stays the very same request, no copy.
        return operation == request.Operation ? request : request with { Operation = operation };
    }
}
