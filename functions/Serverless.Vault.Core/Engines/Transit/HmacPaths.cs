using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>hmac/:name[/:algorithm]: "vault:v&lt;N&gt;:" + base64 HMAC of base64 input, with the version's HMAC key.</summary>
internal sealed class HmacPaths(KeyPolicyStore store)
{
    internal static readonly Field<string> Input = Fields.String("input", "Base64 data to authenticate.");
    internal static readonly Field<string> Algorithm = Fields.String("algorithm", "sha2-256 (default), sha2-384, sha2-512, sha3-256, sha3-384, sha3-512.", TransitHashes.Default);
    internal static readonly Field<string> UrlAlgorithm = Fields.String("urlalgorithm", "The algorithm, given in the path.");

    public IEnumerable<PathSpec> Specs => [Spec("hmac/{name}"), Spec("hmac/{name}/{urlalgorithm}")];

    /// <summary>The HMAC of one input under one version, formatted as Vault does.</summary>
    internal static string Compute(KeyPolicy policy, long version, string algorithm, byte[] input) =>
        VersionedValue.Format(version, TransitHashes.Hmac(algorithm, policy.Version(version).HmacKey, input));

    /// <summary>The algorithm from the path when given there, else from the body.</summary>
    internal static string AlgorithmOf(RequestContext context, Field<string> bodyField) =>
        context.Input.Has(UrlAlgorithm) ? context.Get(UrlAlgorithm) : context.Get(bodyField);

    private PathSpec Spec(string template) => new(template)
    {
        Fields = [TransitFields.Name, Input, Algorithm, UrlAlgorithm, TransitFields.KeyVersion, .. TransitFields.Batch],
        Handlers = { [Operation.Update] = HmacAsync },
        Synopsis = "Generate an HMAC of base64 input with a named key.",
    };

    private async Task<VaultResponse?> HmacAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var batch = BatchRequest.Read(context, () => new BatchItem { Input = context.Get(Input), HasInput = context.Input.Has(Input) });
        var requested = context.Get(TransitFields.KeyVersion);
        using var lease = await store.GetAsync(context, context.Get(TransitFields.Name), cancellationToken, requested).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest("encryption key not found");
        var policy = lease.Policy;
        var version = Version(policy.Settings, requested);
        var algorithm = AlgorithmOf(context, Algorithm);
        // An unknown algorithm fails the whole request, as in Vault, not each item.
        _ = TransitHashes.Hmac(algorithm, [], []);
        var results = batch.Run((item, _) =>
        {
            if (!item.HasInput)
            {
                throw VaultException.InvalidRequest("missing input for HMAC");
            }

            var input = Base64Input.Decode(item.Input, "unable to decode input as base64: ");
            return new JsonObject { ["hmac"] = Compute(policy, version, algorithm, input) };
        });
        return batch.Respond(context, results);
    }

    /// <summary>Vault's version rule for hmac: 0 is the latest, nothing newer than the latest or below min_encryption_version.</summary>
    private static long Version(KeyPolicyRecord settings, long requested)
    {
        if (requested == 0 || requested == settings.LatestVersion)
        {
            return settings.LatestVersion;
        }

        if (settings.MinEncryptionVersion > 0 && requested < settings.MinEncryptionVersion)
        {
            throw VaultException.InvalidRequest("cannot generate HMAC: version is too old (disallowed by policy)");
        }

        return requested < 0 || requested > settings.LatestVersion
            ? throw VaultException.InvalidRequest(string.Create(CultureInfo.InvariantCulture, $"key version does not exist; latest key version is {settings.LatestVersion}"))
            : requested;
    }
}
