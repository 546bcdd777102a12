using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>auth/token/revoke, revoke-self, revoke-accessor (token and descendants) and revoke-orphan (children kept).</summary>
internal sealed class TokenRevokePaths(TokenStore store, TokenCallers callers)
{
    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("revoke")
        {
            Fields = [TokenFields.Token],
            Handlers = { [Operation.Update] = RevokeAsync },
            Synopsis = "Revoke a token, its descendants and their leases.",
        },
        new PathSpec("revoke-self")
        {
            Handlers = { [Operation.Update] = RevokeSelfAsync },
            Synopsis = "Revoke the caller's token, its descendants and their leases.",
        },
        new PathSpec("revoke-accessor")
        {
            Fields = [TokenFields.Accessor],
            Handlers = { [Operation.Update] = RevokeAccessorAsync },
            Synopsis = "Revoke the token behind an accessor, with its descendants.",
        },
        new PathSpec("revoke-orphan")
        {
            Fields = [TokenFields.Token],
            Handlers = { [Operation.Update] = RevokeOrphanAsync },
            Sudo = true,
            Synopsis = "Revoke a token but not its children, which become orphans.",
        },
    ];

    private Task<VaultResponse?> RevokeAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Get(TokenFields.Token);
        return token.Length == 0 ? throw VaultException.InvalidRequest("missing token ID") : RevokeTreeAsync(token, cancellationToken);
    }

    private Task<VaultResponse?> RevokeSelfAsync(RequestContext context, CancellationToken cancellationToken) =>
        RevokeTreeAsync(context.Request.ClientToken ?? "", cancellationToken);

    private async Task<VaultResponse?> RevokeTreeAsync(string token, CancellationToken cancellationToken)
    {
        // An unknown token is a success, as in Vault: revocation does not reveal what exists.
        var entry = await store.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        if (entry is not null)
        {
            await RevokeAsync(entry, orphan: false).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<VaultResponse?> RevokeAccessorAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var accessor = context.Get(TokenFields.Accessor);
        if (accessor.Length == 0)
        {
            throw VaultException.InvalidRequest("missing accessor");
        }

        if (await store.KeyOfAccessorAsync(accessor, cancellationToken).ConfigureAwait(false) is null)
        {
            return VaultResponse.WithWarnings(["No token found with this accessor"]);
        }

        var entry = await store.LookupByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("token not found");
        await RevokeAsync(entry, orphan: false).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> RevokeOrphanAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Get(TokenFields.Token);
        if (token.Length == 0)
        {
            throw VaultException.InvalidRequest("missing token ID");
        }

        if (!await callers.HasSudoAsync(context, cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.InvalidRequest("root or sudo privileges required to revoke and orphan");
        }

        var entry = await store.LookupAsync(token, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("token to revoke not found");
        await RevokeAsync(entry, orphan: true).ConfigureAwait(false);
        return null;
    }

    private Task RevokeAsync(TokenEntry entry, bool orphan)
    {
        if (entry.IsBatch)
        {
            throw VaultException.InvalidRequest("batch tokens cannot be revoked");
        }

        // Not tied to the request: a revocation the client walks away from still completes.
        return orphan ? store.RevokeOrphanAsync(entry.Key, CancellationToken.None) : store.RevokeTreeAsync(entry.Key, CancellationToken.None);
    }
}
