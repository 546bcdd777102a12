using System.Globalization;

namespace Serverless.Vault.Core.Framework;

/// <summary>Vault's duration syntax: integer seconds ("300") or Go units ("1h30m", "90s", "768h", "1d").</summary>
public static class DurationText
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i)
            {
                throw new FormatException();
            }

            var number = double.Parse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            total += number * UnitSeconds(text[unitStart..i]);
        }

        return total > TimeSpan.MaxValue.TotalSeconds ? throw new OverflowException() : TimeSpan.FromSeconds(total);
    }

    /// <summary>Formats whole seconds the way Go prints a duration ("3h25m19s", "0s"), as Vault shows some settings.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        var rest = seconds % 60;
        return hours > 0 ? $"{hours}h{minutes}m{rest}s" : minutes > 0 ? $"{minutes}m{rest}s" : $"{rest}s";
    }

    private static double UnitSeconds(string unit) => unit switch
    {
        "ns" => 1e-9,
        "us" or "µs" => 1e-6,
        "ms" => 1e-3,
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => throw new FormatException(),
    };
}
