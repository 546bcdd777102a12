using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>LIST auth/token/accessors (sudo): the accessors of all service tokens.</summary>
internal sealed class TokenAccessorPaths(TokenStore store)
{
    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("accessors")
        {
            Handlers = { [Operation.List] = ListAsync },
            Sudo = true,
            Synopsis = "List the accessors of all service tokens.",
        },
    ];

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var accessors = await store.ListAccessorsAsync(cancellationToken).ConfigureAwait(false);
        return accessors.Count == 0 ? null : VaultResponse.WithData(new JsonObject { ["keys"] = TokenJson.Strings(accessors) });
    }
}
