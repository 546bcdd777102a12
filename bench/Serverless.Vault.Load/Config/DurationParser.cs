using System.Globalization;

namespace Serverless.Vault.Load.Config;

/// <summary>Reads durations written as "500ms", "30s", "2m" or plain seconds.</summary>
internal static class DurationParser
{
    public static TimeSpan Parse(string text)
    {
        var t = text.Trim();
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new LoadConfigException($"duration \"{text}\" is not a positive duration; write e.g. \"500ms\", \"30s\" or \"2m\"");
        }

        return TimeSpan.FromSeconds(value * unit);
    }
}
