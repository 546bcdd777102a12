using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>auth/token/lookup, lookup-self and lookup-accessor: a token's properties, never its parent.</summary>
internal sealed class TokenLookupPaths(TokenStore store, TimeProvider time)
{
    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("lookup")
        {
            Fields = [TokenFields.Token],
            Handlers = { [Operation.Read] = LookupAsync, [Operation.Update] = LookupAsync },
            Synopsis = "Look up a token (the caller's own when none is given).",
        },
        new PathSpec("lookup-self")
        {
            Fields = [TokenFields.Token],
            Handlers = { [Operation.Read] = LookupSelfAsync, [Operation.Update] = LookupSelfAsync },
            Synopsis = "Look up the caller's token.",
        },
        new PathSpec("lookup-accessor")
        {
            Fields = [TokenFields.Accessor],
            Handlers = { [Operation.Update] = LookupAccessorAsync },
            Synopsis = "Look up a token by its accessor; the answer does not contain the token id.",
        },
    ];

    private Task<VaultResponse?> LookupSelfAsync(RequestContext context, CancellationToken cancellationToken) =>
        LookupAsync(context, context.Request.ClientToken ?? "", cancellationToken);

    private Task<VaultResponse?> LookupAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Get(TokenFields.Token);
        return LookupAsync(context, token.Length > 0 ? token : context.Request.ClientToken ?? "", cancellationToken);
    }

    private async Task<VaultResponse?> LookupAsync(RequestContext context, string token, CancellationToken cancellationToken)
    {
        if (token.Length == 0)
        {
            throw VaultException.InvalidRequest("missing token ID");
        }

        // The caller's own token was checked (and a use counted) by the pipeline: answer from that entry, which also
        // covers the request that spends a limited token's last use.
        var entry = token == context.Request.ClientToken && context.Request.Token is { } own
            ? own
            : await store.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        return entry is null
            ? throw VaultException.PermissionDenied("bad token")
            : VaultResponse.WithData(TokenJson.Lookup(token, entry, time.GetUtcNow()));
    }

    private async Task<VaultResponse?> LookupAccessorAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var accessor = context.Get(TokenFields.Accessor);
        if (accessor.Length == 0)
        {
            throw VaultException.InvalidRequest("missing accessor");
        }

        var entry = await store.LookupByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("invalid accessor");
        return VaultResponse.WithData(TokenJson.Lookup("", entry, time.GetUtcNow()));
    }
}
