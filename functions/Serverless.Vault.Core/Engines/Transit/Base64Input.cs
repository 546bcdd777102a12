using System.Buffers;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>Standard base64 (with padding) as Go's decoder takes it, failing with Go's wording and no echo of the input.</summary>
internal static class Base64Input
{
    public static byte[] Decode(string text, string prefix = "") =>
        TryDecode(text, out var bytes) ? bytes : throw VaultException.InvalidRequest(prefix + Error(text));

    /// <summary>The characters .NET's decoder would skip.</summary>
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n");

    /// <summary>Decodes; an empty string is empty bytes.</summary>
    public static bool TryDecode(string text, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        // .NET skips spaces inside base64 and Go does not: refuse them first, so both accept exactly the same strings.
        // (Any other character fails the decode itself; a vectorised search keeps this off the encrypt hot path.)
        if (text.AsSpan().IndexOfAny(Whitespace) >= 0)
        {
            bytes = [];
            return false;
        }

        if (text.Length == 0)
        {
            // Most optional fields (context, associated_data, nonce) are absent: no allocation for them.
            bytes = [];
            return true;
        }

        // Sized exactly from the padding, so the hot path (1 KiB and more per item) decodes once and copies nothing;
        // the generous buffer and trim below only run for input the exact size does not fit (then it fails anyway).
        var exact = new byte[DecodedLength(text)];
        if (Convert.TryFromBase64String(text, exact, out var written) && written == exact.Length)
        {
            bytes = exact;
            return true;
        }

        var buffer = new byte[text.Length * 3 / 4];
        if (Convert.TryFromBase64String(text, buffer, out written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>The byte count a well-formed padded string decodes to (no whitespace: refused before this).</summary>
    private static int DecodedLength(string text)
    {
        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        return Math.Max(0, text.Length / 4 * 3 - padding);
    }

    /// <summary>Go's "illegal base64 data at input byte N": the first character outside the alphabet, else the end.</summary>
    public static string Error(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = text.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/').Count();
        if (position == text.Length || text[position] == '=')
        {
            position = Math.Min(position, text.Length - text.Length % 4);
        }

        return $"illegal base64 data at input byte {position}";
    }
}
