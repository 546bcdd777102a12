using System.Globalization;
using System.Text;

namespace Serverless.Vault.Core.Templates;

/// <summary>
/// Formats a UTC time with a Go layout ("2006-01-02T15:04:05Z07:00"): the common elements are rendered, the rare ones
/// (space-padded days, day of year, trailing-zero-trimmed fractions) are refused; any other text is literal, as in Go.
/// </summary>
internal static class GoTimeLayout
{
    private static readonly (string Token, Func<DateTimeOffset, string>? Render)[] Tokens =
    [
        ("January", t => t.ToString("MMMM", CultureInfo.InvariantCulture)),
        ("Monday", t => t.ToString("dddd", CultureInfo.InvariantCulture)),
        ("Jan", t => t.ToString("MMM", CultureInfo.InvariantCulture)),
        ("Mon", t => t.ToString("ddd", CultureInfo.InvariantCulture)),
        ("MST", _ => "UTC"),
        ("2006", t => t.ToString("yyyy", CultureInfo.InvariantCulture)),
        ("002", null),
        ("__2", null),
        ("_2", null),
        ("01", t => t.ToString("MM", CultureInfo.InvariantCulture)),
        ("02", t => t.ToString("dd", CultureInfo.InvariantCulture)),
        ("03", t => t.ToString("hh", CultureInfo.InvariantCulture)),
        ("04", t => t.ToString("mm", CultureInfo.InvariantCulture)),
        ("05", t => t.ToString("ss", CultureInfo.InvariantCulture)),
        ("06", t => t.ToString("yy", CultureInfo.InvariantCulture)),
        ("15", t => t.ToString("HH", CultureInfo.InvariantCulture)),
        ("1", t => t.Month.ToString(CultureInfo.InvariantCulture)),
        ("2", t => t.Day.ToString(CultureInfo.InvariantCulture)),
        ("3", t => t.ToString("%h", CultureInfo.InvariantCulture)),
        ("4", t => t.Minute.ToString(CultureInfo.InvariantCulture)),
        ("5", t => t.Second.ToString(CultureInfo.InvariantCulture)),
        ("PM", t => t.Hour < 12 ? "AM" : "PM"),
        ("pm", t => t.Hour < 12 ? "am" : "pm"),
        ("Z07:00:00", _ => "Z"),
        ("Z070000", _ => "Z"),
        ("Z07:00", _ => "Z"),
        ("Z0700", _ => "Z"),
        ("Z07", _ => "Z"),
        ("-07:00:00", _ => "+00:00:00"),
        ("-070000", _ => "+000000"),
        ("-07:00", _ => "+00:00"),
        ("-0700", _ => "+0000"),
        ("-07", _ => "+00"),
    ];

    public static string Format(DateTimeOffset time, string layout)
    {
        var utc = time.ToUniversalTime();
        var builder = new StringBuilder();
        for (var i = 0; i < layout.Length;)
        {
            if (TryFraction(layout, i, utc, builder, out var consumed))
            {
                i += consumed;
                continue;
            }

            var match = Match(layout, i);
            if (match is null)
            {
                builder.Append(layout[i++]);
                continue;
            }

            var (token, render) = match.Value;
            builder.Append(render?.Invoke(utc) ?? throw new TemplateException($"timestamp: the Go layout element \"{token}\" is not supported"));
            i += token.Length;
            if (builder.Length > TemplateFunctions.MaxValueLength)
            {
                throw new TemplateException($"timestamp: output is longer than {TemplateFunctions.MaxValueLength} characters");
            }
        }

        return builder.ToString();
    }

    private static (string Token, Func<DateTimeOffset, string>? Render)? Match(string layout, int at)
    {
        foreach (var entry in Tokens)
        {
            if (string.CompareOrdinal(layout, at, entry.Token, 0, entry.Token.Length) != 0)
            {
                continue;
            }

            // Go reads "Jan"/"Mon" as a month/day name only when no lower-case letter follows ("Month" is literal).
            var end = at + entry.Token.Length;
            if (entry.Token is "Jan" or "Mon" && end < layout.Length && char.IsAsciiLetterLower(layout[end]))
            {
                continue;
            }

            return entry;
        }

        return null;
    }

    /// <summary>".000" (or ",000"): that many digits of the second's fraction; Go's ".999" form is refused.</summary>
    private static bool TryFraction(string layout, int at, DateTimeOffset time, StringBuilder builder, out int consumed)
    {
        consumed = 0;
        if (layout[at] is not ('.' or ',') || at + 1 >= layout.Length || layout[at + 1] is not ('0' or '9'))
        {
            return false;
        }

        var digit = layout[at + 1];
        var end = at + 1;
        while (end < layout.Length && layout[end] == digit)
        {
            end++;
        }

        if (end < layout.Length && char.IsAsciiDigit(layout[end]))
        {
            return false;
        }

        var count = end - at - 1;
        if (digit == '9' || count > 7)
        {
            throw new TemplateException($"timestamp: the Go layout element \"{layout[at..end]}\" is not supported");
        }

        builder.Append(layout[at]).Append(time.ToString(count == 1 ? "%f" : new string('f', count), CultureInfo.InvariantCulture));
        consumed = end - at;
        return true;
    }
}
