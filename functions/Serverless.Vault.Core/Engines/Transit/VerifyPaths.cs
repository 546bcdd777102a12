using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>verify/:name[/:algorithm]: checks an HMAC made by hmac/:name, or hands signatures to <see cref="SignatureVerification"/>.</summary>
internal sealed class VerifyPaths(KeyPolicyStore store)
{
    private static readonly Field<string> Hmac = Fields.String("hmac", "The HMAC to verify (\"vault:v1:...\").");
    private static readonly Field<string> Signature = Fields.String("signature", "The signature to verify (\"vault:v1:...\").");
    private static readonly Field<string> HashAlgorithm = SigningOptions.HashAlgorithm;

    public IEnumerable<PathSpec> Specs => [Spec("verify/{name}"), Spec("verify/{name}/{urlalgorithm}")];

    private PathSpec Spec(string template) => new(template)
    {
        Fields = [TransitFields.Name, HmacPaths.Input, Hmac, Signature, .. SigningOptions.All, HmacPaths.UrlAlgorithm, TransitFields.Context, .. TransitFields.Batch],
        Handlers = { [Operation.Update] = VerifyAsync },
        Synopsis = "Verify a signature or an HMAC of base64 input with a named key.",
    };

    private async Task<VaultResponse?> VerifyAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var batch = BatchRequest.Read(context, () => new BatchItem
        {
            Input = context.Get(HmacPaths.Input),
            HasInput = context.Input.Has(HmacPaths.Input),
            Hmac = context.Get(Hmac),
            Signature = context.Get(Signature),
            Context = context.Get(TransitFields.Context),
        });
        if (SignatureVerification.Applies(batch))
        {
            return await SignatureVerification.VerifyAsync(store, context, batch, cancellationToken).ConfigureAwait(false);
        }

        var algorithm = context.Input.Has(HmacPaths.UrlAlgorithm) ? context.Get(HmacPaths.UrlAlgorithm)
            : context.Input.Has(HashAlgorithm) ? context.Get(HashAlgorithm)
            : context.Get(HmacPaths.Algorithm);
        var newest = 0L;
        foreach (var item in batch.Items.Where(item => item.Hmac.Length > 0))
        {
            try
            {
                newest = Math.Max(newest, VersionedValue.Parse(item.Hmac, "HMAC").Version);
            }
            catch (VaultException)
            {
                // The item fails on its own below.
            }
        }

        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken, newest).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("encryption key not found");
        var policy = lease.Policy;
        var results = batch.Run((item, _) => new JsonObject { ["valid"] = Verify(policy, algorithm, item) }, () => new JsonObject { ["valid"] = false });
        return batch.Respond(context, results);
    }

    private static bool Verify(KeyPolicy policy, string algorithm, BatchItem item)
    {
        if (item.Hmac.Length == 0)
        {
            throw VaultException.InvalidRequest("missing hmac or signature value to verify");
        }

        if (!item.HasInput)
        {
            throw VaultException.InvalidRequest("missing input for verification");
        }

        var input = Base64Input.Decode(item.Input, "unable to decode input as base64: ");
        if (!item.Hmac.StartsWith(VersionedValue.Prefix, StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest("invalid HMAC to verify: no prefix");
        }

        var value = VersionedValue.Parse(item.Hmac, "HMAC");
        if (value.Version > policy.Settings.LatestVersion)
        {
            throw VaultException.InvalidRequest("invalid HMAC: version is too new");
        }

        if (value.Version < policy.Settings.MinDecryptionVersion)
        {
            throw VaultException.InvalidRequest("cannot verify HMAC: version is too old (disallowed by policy)");
        }

        var expected = HmacPaths.Compute(policy, value.Version, algorithm, input);
        // Compared in constant time: a timing difference would let a caller forge an HMAC byte by byte.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(item.Hmac));
    }
}
