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

        var buffer = new byte[text.Length * 3 / 4];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
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
