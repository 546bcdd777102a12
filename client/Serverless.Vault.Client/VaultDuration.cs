using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Client;

/// <summary>
/// Vault's durations: written as whole seconds (<c>"3600s"</c>, which every Vault version parses), read from integer
/// seconds or a Go duration string (<c>"3h25m19s"</c>, <c>"1.5h"</c>, <c>"0s"</c>).
/// </summary>
internal sealed class VaultDuration : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => TimeSpan.FromSeconds(reader.GetDouble()),
            JsonTokenType.String => Parse(reader.GetString() ?? string.Empty),
            _ => throw new JsonException($"Expected a duration (seconds or a Go duration string), found {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>Whole seconds with an <c>s</c> suffix; Vault has no finer resolution.</summary>
    public static string Format(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    /// <summary>A Go duration (<c>time.ParseDuration</c>) or plain seconds.</summary>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            return TimeSpan.FromSeconds(plain);
        }

        var span = text.AsSpan();
        var negative = span[0] == '-';
        if (span[0] is '-' or '+')
        {
            span = span[1..];
        }

        var total = 0.0;
        while (span.Length > 0)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            var units = digits;
            while (units < span.Length && !char.IsAsciiDigit(span[units]) && span[units] != '.')
            {
                units++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormatException($"'{text}' is not a duration.");
            }

            total += number * (span[digits..units] switch
            {
                "h" => 3600.0,
                "m" => 60.0,
                "s" => 1.0,
                "ms" => 1e-3,
                "us" or "µs" => 1e-6,
                "ns" => 1e-9,
                _ => throw new FormatException($"'{text}' is not a duration: unknown unit."),
            });
            span = span[units..];
        }

        return TimeSpan.FromSeconds(negative ? -total : total);
    }
}
