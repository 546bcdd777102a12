using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.System;

/// <summary>sys/capabilities, sys/capabilities-self and sys/capabilities-accessor: what a token may do on paths.</summary>
public sealed class CapabilitiesPaths(AclProvider acls, TokenStore tokens)
{
    private static readonly Field<IReadOnlyList<string>> PathsField = Fields.StringList("paths", "The paths to report on.");
    private static readonly Field<string> LegacyPath = Fields.String("path", "Legacy single path.");
    private static readonly Field<string> TokenField = Fields.String("token", "The token to report on.");
    private static readonly Field<string> AccessorField = Fields.String("accessor", "The accessor of the token to report on.");

    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("capabilities-self")
        {
            Fields = [PathsField, LegacyPath],
            Handlers = { [Operation.Update] = (context, ct) => ReportAsync(context, context.Request.Token, ct) },
            CopyDataToTopLevel = true,
            Synopsis = "The calling token's capabilities on paths.",
        },
        new PathSpec("capabilities")
        {
            Fields = [PathsField, LegacyPath, TokenField],
            Handlers = { [Operation.Update] = ForTokenAsync },
            CopyDataToTopLevel = true,
            Synopsis = "A token's capabilities on paths.",
        },
        new PathSpec("capabilities-accessor")
        {
            Fields = [PathsField, LegacyPath, AccessorField],
            Handlers = { [Operation.Update] = ForAccessorAsync },
            CopyDataToTopLevel = true,
            Synopsis = "The capabilities on paths of the token with an accessor.",
        },
    ];

    private async Task<VaultResponse?> ForTokenAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var token = context.Get(TokenField);
        var entry = token.Length == 0 ? null : await tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false);
        return await ReportAsync(context, entry ?? throw VaultException.InvalidRequest("invalid token"), cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> ForAccessorAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var accessor = context.Get(AccessorField);
        var entry = accessor.Length == 0 ? null : await tokens.LookupByAccessorAsync(accessor, cancellationToken).ConfigureAwait(false);
        return await ReportAsync(context, entry ?? throw VaultException.InvalidRequest("invalid accessor"), cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse?> ReportAsync(RequestContext context, TokenEntry? token, CancellationToken cancellationToken)
    {
        var paths = context.Get(PathsField).Count > 0 ? context.Get(PathsField) : [context.Get(LegacyPath)];
        if (token is null || paths.Any(string.IsNullOrEmpty))
        {
            throw VaultException.InvalidRequest("missing paths");
        }

        var acl = await acls.ForTokenAsync(token, cancellationToken).ConfigureAwait(false);
        var data = new JsonObject();
        foreach (var path in paths)
        {
            data[path] = Names(acl.Capabilities(path));
        }

        // Vault's older single-path form: the answer also carries "capabilities".
        if (paths.Count == 1)
        {
            data["capabilities"] = Names(acl.Capabilities(paths[0]));
        }

        return VaultResponse.WithData(data);
    }

    private static JsonArray Names(IReadOnlyList<string> capabilities) => new(capabilities.Select(c => (JsonNode?)c).ToArray());
}
