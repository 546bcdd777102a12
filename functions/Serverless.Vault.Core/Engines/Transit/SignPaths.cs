using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>sign/:name[/:hash_algorithm]: signs base64 input, or a batch of inputs, with an ed25519, ECDSA or RSA key.</summary>
internal sealed class SignPaths(KeyPolicyStore store)
{
    public IEnumerable<PathSpec> Specs => [Spec("sign/{name}"), Spec("sign/{name}/{urlalgorithm}")];

    private PathSpec Spec(string template) => new(template)
    {
        Fields = [TransitFields.Name, HmacPaths.Input, TransitFields.KeyVersion, TransitFields.Context, .. SigningOptions.All, HmacPaths.UrlAlgorithm, .. TransitFields.Batch],
        Handlers = { [Operation.Update] = SignAsync },
        Synopsis = "Sign base64 input with a named asymmetric key.",
        Description = "ECDSA and RSA sign the input's hash_algorithm hash (or the input itself when prehashed); ed25519 signs the raw input.",
    };

    private async Task<VaultResponse?> SignAsync(RequestContext context, CancellationToken cancellationToken)
    {
        // Vault checks the algorithms before it loads the key, so a typo fails the same for every key.
        var options = SigningOptions.Read(context);
        var batch = BatchRequest.Read(context, () => new BatchItem
        {
            Input = context.Get(HmacPaths.Input),
            HasInput = true,
            Context = context.Get(TransitFields.Context),
        });
        var requested = context.Get(TransitFields.KeyVersion);
        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken, requested).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("signing key not found");
        var policy = lease.Policy;
        if (!TransitKeyTypes.IsSigning(policy.KeyType))
        {
            throw VaultException.InvalidRequest($"key type {policy.Settings.Type} does not support signing");
        }

        options.EnsureConsistent();
        var results = batch.Run((item, _) => Sign(policy, requested, item, options, batch.IsBatch));
        return batch.Respond(context, results);
    }

    /// <summary>One item; a missing single input signs the empty string, as in Vault.</summary>
    private static JsonObject Sign(KeyPolicy policy, long requested, BatchItem item, SigningOptions options, bool isBatch)
    {
        if (!item.HasInput)
        {
            throw VaultException.InvalidRequest("missing input");
        }

        var input = Base64Input.Decode(item.Input, "unable to decode input as base64: ");
        var derivationContext = Base64Input.TryDecode(item.Context, out var decoded)
            ? decoded
            : throw VaultException.InvalidRequest("failed to base64-decode context");
        var signed = TransitSigner.Sign(policy, requested, derivationContext, input, options);
        var result = new JsonObject { ["signature"] = signed.Signature, ["key_version"] = signed.Version };
        if (signed.DerivedPublicKey.Length > 0)
        {
            // Vault names it public_key in a single answer and publickey in batch results.
            result[isBatch ? "publickey" : "public_key"] = signed.DerivedPublicKey;
        }

        return result;
    }
}
