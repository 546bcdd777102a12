using System.Text.Json.Nodes;
using Serverless.Vault.Core.Engines.Transit;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tools;

/// <summary>
/// hash[/:algorithm]: a digest of base64 input, in hex (default) or base64. Needs no key. One implementation for
/// transit's hash and sys/tools/hash, which Vault answers identically.
/// </summary>
internal static class HashTool
{
    private static readonly Field<string> Input = Fields.String("input", "Base64 data to hash.");
    private static readonly Field<string> Algorithm = Fields.String("algorithm", "sha2-256 (default), sha2-384, sha2-512, sha3-256, sha3-384, sha3-512.", TransitHashes.Default);
    private static readonly Field<string> UrlAlgorithm = Fields.String("urlalgorithm", "The algorithm, given in the path.");
    private static readonly Field<string> Format = Fields.String("format", "hex (default) or base64.", "hex");

    /// <summary>The two templates under <paramref name="root"/> ("hash" in transit, "tools/hash" in sys/).</summary>
    public static IEnumerable<PathSpec> Specs(string root) =>
    [
        new(root) { Fields = [Input, Algorithm, Format], Handlers = { [Operation.Update] = HashAsync }, Synopsis = "Hash base64 input." },
        new(root + "/{urlalgorithm}") { Fields = [Input, Algorithm, UrlAlgorithm, Format], Handlers = { [Operation.Update] = HashAsync }, Synopsis = "Hash base64 input." },
    ];

    private static Task<VaultResponse?> HashAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var input = Base64Input.Decode(context.Get(Input), "unable to decode input as base64: ");
        var format = context.Get(Format);
        if (format is not ("hex" or "base64"))
        {
            throw VaultException.InvalidRequest($"unsupported encoding format {format}; must be \"hex\" or \"base64\"");
        }

        var algorithm = context.Input.Has(UrlAlgorithm) ? context.Get(UrlAlgorithm) : context.Get(Algorithm);
        var sum = TransitHashes.Hash(algorithm, input);
        var text = format == "hex" ? Convert.ToHexStringLower(sum) : Convert.ToBase64String(sum);
        return Task.FromResult<VaultResponse?>(VaultResponse.WithData(new JsonObject { ["sum"] = text }));
    }
}
