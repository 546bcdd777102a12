using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Engines.Cubbyhole;

/// <summary>
/// The cubbyhole engine: KV-version-1-like reads, writes, deletes and lists, each in the calling token's own folder.
/// No token can reach another's cubbyhole, not even root; the folder is removed when the token is revoked.
/// </summary>
public sealed class CubbyholeBackend : IBackend
{
    private static readonly Field<string> PathField = Fields.String("path", "The secret's path inside the caller's cubbyhole.");

    private readonly CubbyholeStorage _cubbyholes;
    private readonly TokenStore _tokens;

    public CubbyholeBackend(CubbyholeStorage cubbyholes, TokenStore tokens)
    {
        _cubbyholes = cubbyholes;
        _tokens = tokens;
        Paths = new PathTable(
        [
            new PathSpec("{*path}")
            {
                Fields = [PathField],
                Handlers =
                {
                    [Operation.Read] = ReadAsync,
                    [Operation.Update] = WriteAsync,
                    [Operation.Delete] = DeleteAsync,
                    [Operation.List] = ListAsync,
                },
                Existence = ExistsAsync,
                TakesArbitraryInput = true,
                Synopsis = "Pass-through secret storage in a token-specific cubbyhole.",
                Description = "Each token reads and writes only its own cubbyhole; when the token is revoked, everything in it is removed.",
            },
        ]);
    }

    public PathTable Paths { get; }

    private async Task<bool> ExistsAsync(RequestContext context, CancellationToken cancellationToken) =>
        await StorageOf(context).GetAsync(RequirePath(context), cancellationToken).ConfigureAwait(false) is not null;

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var entry = await StorageOf(context).GetAsync(RequirePath(context), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : VaultResponse.WithData(JsonNode.Parse(entry.Value)!.AsObject());
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var storage = StorageOf(context);
        var path = RequirePath(context);
        var body = context.Input.Raw;
        if (body.Count == 0)
        {
            throw VaultException.InvalidRequest("missing data fields");
        }

        await storage.PutAsync(path, StoredJson.SerializeNode(body), PutCondition.None, cancellationToken).ConfigureAwait(false);

        // A token revoked while this write ran (its last use was this request, or a revocation raced it) may have had
        // its cubbyhole emptied before the write landed: the revocation marks the token first and empties the folder
        // after, so either it saw this entry, or this check sees the token dying and removes the entry itself.
        var (entry, _) = await _tokens.ReadAsync(context.Request.Token!.Key, CancellationToken.None).ConfigureAwait(false);
        if (entry is null || entry.RevocationPending)
        {
            await storage.DeleteAsync(path, CancellationToken.None).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<VaultResponse?> DeleteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        await StorageOf(context).DeleteAsync(RequirePath(context), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<VaultResponse?> ListAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var folder = context.Get(PathField).Trim('/');
        var keys = await StorageOf(context).ListAsync(folder.Length == 0 ? "" : folder + "/", cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : VaultResponse.WithData(new JsonObject
        {
            ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode?)k)]),
        });
    }

    /// <summary>The caller's own cubbyhole. Batch tokens are not stored, so they have none (Vault's refusal).</summary>
    private IStorage StorageOf(RequestContext context)
    {
        var token = context.Request.Token ?? throw VaultException.PermissionDenied();
        if (token.IsBatch || token.Key.Length == 0)
        {
            throw VaultException.InvalidRequest("cubbyhole operations are only supported by \"service\" type tokens");
        }

        return _cubbyholes.For(token.Key);
    }

    private static string RequirePath(RequestContext context)
    {
        var path = context.Get(PathField).TrimEnd('/');
        return path.Length == 0 ? throw VaultException.InvalidRequest("missing path") : path;
    }
}
