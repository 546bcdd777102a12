using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>hash[/:algorithm]: a digest of base64 input, in hex (default) or base64. Needs no key.</summary>
internal static class HashPaths
{
    private static readonly Field<string> Input = Fields.String("input", "Base64 data to hash.");
    private static readonly Field<string> Algorithm = Fields.String("algorithm", "sha2-256 (default), sha2-384, sha2-512, sha3-256, sha3-384, sha3-512.", TransitHashes.Default);
    private static readonly Field<string> UrlAlgorithm = Fields.String("urlalgorithm", "The algorithm, given in the path.");
    private static readonly Field<string> Format = Fields.String("format", "hex (default) or base64.", "hex");

    public static IEnumerable<PathSpec> Specs =>
    [
        new("hash") { Fields = [Input, Algorithm, Format], Handlers = { [Operation.Update] = HashAsync }, Synopsis = "Hash base64 input." },
        new("hash/{urlalgorithm}") { Fields = [Input, Algorithm, UrlAlgorithm, Format], Handlers = { [Operation.Update] = HashAsync }, Synopsis = "Hash base64 input." },
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
