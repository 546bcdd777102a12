using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tools;

/// <summary>
/// random[/:source][/:bytes]: bytes from the platform's CSPRNG, base64 (default) or hex. One implementation for transit's
/// random and sys/tools/random, which Vault answers identically.
/// </summary>
internal static class RandomTool
{
    /// <summary>Vault's cap (helper/random: 128 KiB), which keeps one request from asking for unbounded memory.</summary>
    public const int MaxBytes = 128 * 1024;

    private static readonly Field<long> Bytes = Fields.Int("bytes", "How many bytes; 32 when not given.", 32);
    private static readonly Field<string> Format = Fields.String("format", "base64 (default) or hex.", "base64");
    private static readonly Field<string> Source = Fields.String("source", "platform (default), seal or all; all draw on the platform CSPRNG here.", "platform");
    private static readonly Field<string> UrlBytes = Fields.String("urlbytes", "The byte count, given in the path.");

    /// <summary>The three templates under <paramref name="root"/> ("random" in transit, "tools/random" in sys/).</summary>
    public static IEnumerable<PathSpec> Specs(string root) =>
    [
        Spec(root),
        Spec(root + "/{source}"),
        Spec(root + "/{source}/{urlbytes}"),
    ];

    private static PathSpec Spec(string template) => new(template)
    {
        Fields = [Bytes, Format, Source, UrlBytes],
        Handlers = { [Operation.Update] = RandomAsync },
        Synopsis = "Generate random bytes.",
    };

    private static Task<VaultResponse?> RandomAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var source = context.Get(Source);
        var urlBytes = context.Input.Has(UrlBytes) ? context.Get(UrlBytes) : "";
        // "random/16" names a byte count, not a source: Vault's route reads a number there the same way.
        if (urlBytes.Length == 0 && source.Length > 0 && source.All(char.IsAsciiDigit))
        {
            (urlBytes, source) = (source, "platform");
        }

        if (source is not ("platform" or "seal" or "all"))
        {
            throw VaultException.InvalidRequest($"unsupported entropy source \"{source}\"; must be \"platform\" or \"seal\", or \"all\"");
        }

        var count = context.Get(Bytes);
        if (urlBytes.Length > 0 && !long.TryParse(urlBytes, NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            throw VaultException.InvalidRequest($"error parsing url-set byte count: {urlBytes}");
        }

        if (count < 1)
        {
            throw VaultException.InvalidRequest("\"bytes\" cannot be less than 1");
        }

        if (count > MaxBytes)
        {
            throw VaultException.InvalidRequest($"\"bytes\" should be less than {MaxBytes}");
        }

        var format = context.Get(Format);
        if (format is not ("hex" or "base64"))
        {
            throw VaultException.InvalidRequest($"unsupported encoding format \"{format}\"; must be \"hex\" or \"base64\"");
        }

        var random = RandomNumberGenerator.GetBytes((int)count);
        var text = format == "hex" ? Convert.ToHexStringLower(random) : Convert.ToBase64String(random);
        return Task.FromResult<VaultResponse?>(VaultResponse.WithData(new JsonObject { ["random_bytes"] = text }));
    }
}
