using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>wrapping_key: the public half of the mount's RSA-4096 key that import ciphertexts are wrapped for.</summary>
internal sealed class WrappingKeyPaths(WrappingKeyStore wrappingKeys)
{
    public PathSpec Spec => new("wrapping_key")
    {
        Handlers = { [Operation.Read] = ReadAsync },
        Synopsis = "Return the public key to wrap keys for keys/:name/import with.",
        Description = "Answers {public_key: PEM}; the key is made on first use and never changes for the mount.",
    };

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var record = await wrappingKeys.GetOrCreateAsync(context.Storage, cancellationToken).ConfigureAwait(false);
        return VaultResponse.WithData(new JsonObject { ["public_key"] = record.PublicKey });
    }
}
