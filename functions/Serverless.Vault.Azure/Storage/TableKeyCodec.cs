using System.Globalization;
using System.Text;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// Maps storage paths to Table keys. A value "a/b/c" lives at PartitionKey "a%2Fb" (its parent folder) and
/// RowKey "c" (its leaf); the marker of folder "a/b" lives in its parent's partition "a" at RowKey "b%2F", which
/// decodes to the list entry "b/" and can never collide with a leaf, because leaves never contain '/'.
/// </summary>
internal static class TableKeyCodec
{
    /// <summary>The escaped form of '/', which ends every marker RowKey.</summary>
    public const string EscapedSlash = "%2F";

    /// <summary>
    /// Percent-escapes what Table keys forbid ('/', '\', '#', '?', U+0000-001F, U+007F-009F) and '%' itself, so that
    /// decoding is unambiguous. A lone UTF-16 surrogate becomes "%uXXXX": it cannot travel as UTF-8 in the request URL.
    /// </summary>
    public static string Escape(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else if (IsEscaped(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>; throws <see cref="FormatException"/> on text Escape cannot produce.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                builder.Append(text[i]);
                continue;
            }

            var wide = i + 1 < text.Length && text[i + 1] == 'u';
            var start = wide ? i + 2 : i + 1;
            var digits = wide ? 4 : 2;
            if (start + digits > text.Length
                || !int.TryParse(text.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException("A stored Table key is not in the escaped form this storage writes.");
            }

            builder.Append((char)code);
            i = start + digits - 1;
        }

        return builder.ToString();
    }

    /// <summary>Where the value of <paramref name="key"/> is stored.</summary>
    public static TableAddress ValueAddress(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0
            ? new TableAddress(string.Empty, Escape(key))
            : new TableAddress(Escape(key[..slash]), Escape(key[(slash + 1)..]));
    }

    /// <summary>Where the marker of <paramref name="folder"/> ("a/b", without a trailing '/') is stored.</summary>
    public static TableAddress MarkerAddress(string folder)
    {
        var value = ValueAddress(folder);
        return value with { RowKey = value.RowKey + EscapedSlash };
    }

    /// <summary>The partition holding the children of <paramref name="folder"/> ("" for the root, else "a/b").</summary>
    public static string FolderPartition(string folder) => Escape(folder);

    /// <summary>The folders above <paramref name="key"/>, nearest first: "a/b/c" gives "a/b", then "a".</summary>
    public static IEnumerable<string> AncestorsOf(string key)
    {
        for (var slash = key.LastIndexOf('/'); slash > 0; slash = key.LastIndexOf('/', slash - 1))
        {
            yield return key[..slash];
        }
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (IsEscaped(c) || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEscaped(char c) =>
        c is '%' or '/' or '\\' or '#' or '?' or <= '\u001F' or (>= '\u007F' and <= '\u009F');
}
