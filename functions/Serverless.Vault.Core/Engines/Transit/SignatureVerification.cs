using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>The signature half of verify/:name: Vault's rules for telling signatures from HMACs, then each item checked.</summary>
internal static class SignatureVerification
{
    /// <summary>Signatures are verified here as soon as any item carries one; mixtures are refused below, as in Vault.</summary>
    public static bool Applies(BatchRequest batch) => batch.Items.Any(item => item.Signature.Length > 0);

    public static async Task<VaultResponse> VerifyAsync(KeyPolicyStore store, RequestContext context, BatchRequest batch, CancellationToken cancellationToken)
    {
        if (!batch.IsBatch && batch.Items[0].Hmac.Length > 0)
        {
            throw VaultException.InvalidRequest("provide one of 'signature' or 'hmac'");
        }

        if (batch.Items.Any(item => item.Signature.Length == 0))
        {
            throw VaultException.InvalidRequest(batch.Items.Any(item => item.Hmac.Length > 0 && item.Signature.Length == 0)
                ? "elements of batch_input must all provide 'signature' or all provide 'hmac'"
                : "some elements of batch_input are missing 'signature'");
        }

        var options = SigningOptions.Read(context);
        var newest = 0L;
        foreach (var item in batch.Items)
        {
            try
            {
                newest = Math.Max(newest, VersionedValue.Parse(item.Signature, "signature").Version);
            }
            catch (VaultException)
            {
                // The item fails on its own below.
            }
        }

        // A signature newer than this instance's cached key reloads it rather than answering "version is too new".
        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken, newest).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("signature verification key not found");
        var policy = lease.Policy;
        if (!TransitKeyTypes.IsSigning(policy.KeyType))
        {
            throw VaultException.InvalidRequest($"key type {policy.Settings.Type} does not support verification");
        }

        options.EnsureConsistent();
        var results = batch.Run(
            (item, _) => new JsonObject { ["valid"] = Verify(policy, item, options, batch.IsBatch) },
            () => new JsonObject { ["valid"] = false });
        return batch.Respond(context, results);
    }

    private static bool Verify(KeyPolicy policy, BatchItem item, SigningOptions options, bool isBatch)
    {
        if (isBatch && !item.HasInput)
        {
            throw VaultException.InvalidRequest("missing input");
        }

        var input = Base64Input.Decode(item.Input, "unable to decode input as base64: ");
        var derivationContext = Base64Input.TryDecode(item.Context, out var decoded)
            ? decoded
            : throw VaultException.InvalidRequest("failed to base64-decode context");
        return TransitSigner.Verify(policy, derivationContext, input, item.Signature, options);
    }
}
