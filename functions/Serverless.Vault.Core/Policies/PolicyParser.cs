using System.Text;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// Parses ACL policy documents in HCL or JSON, or either of them base64-encoded (the sys/policy API accepts all
/// four). A hand-written parser for the policy grammar only, so every error can say where it is and how to fix it.
/// </summary>
public static class PolicyParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Throws <see cref="PolicyParseException"/> for an unusable document and an invalid-request
    /// <see cref="Framework.VaultException"/> for an invalid name.
    /// </summary>
    public static Policy Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalizedName = PolicyNames.Normalize(name);
        if (Encoding.UTF8.GetByteCount(text) > PolicyLimits.MaxTextBytes)
        {
            throw new PolicyParseException(1, 1, $"the policy is larger than {PolicyLimits.MaxTextBytes} bytes");
        }

        if (!TryDecodeBase64(text, out var decoded))
        {
            return ParseText(normalizedName, text);
        }

        try
        {
            return ParseText(normalizedName, decoded);
        }
        catch (PolicyParseException decodedError)
        {
            // Base64-looking text that does not decode to a policy may still be a (tiny) policy itself; if it is
            // neither, the error about the decoded text is the one that helps the author.
            try
            {
                return ParseText(normalizedName, text);
            }
            catch (PolicyParseException)
            {
                throw decodedError;
            }
        }
    }

    private static Policy ParseText(string name, string text)
    {
        // HCL's own rule: a document whose first non-blank character is '{' is JSON.
        var root = text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal)
            ? JsonDocumentReader.Read(text)
            : HclParser.Parse(text);
        return PolicyBuilder.Build(name, root);
    }

    private static bool TryDecodeBase64(string text, out string decoded)
    {
        decoded = "";
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        var buffer = new byte[trimmed.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(trimmed, buffer, out var written))
        {
            return false;
        }

        try
        {
            decoded = StrictUtf8.GetString(buffer, 0, written);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
