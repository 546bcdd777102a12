using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// Field constructors with Vault's lenient coercions: numbers and bools given as strings, durations as
/// seconds or "1h30m", lists as arrays or comma-separated strings.
/// </summary>
public static class Fields
{
    public static Field<string> String(string name, string description, string defaultValue = "") =>
        new(name, description, "string", ParseString, defaultValue) { TakesTextAsIs = true };

    public static Field<long> Int(string name, string description, long defaultValue = 0) =>
        new(name, description, "int", ParseInt, defaultValue);

    public static Field<bool> Bool(string name, string description, bool defaultValue = false) =>
        new(name, description, "bool", ParseBool, defaultValue);

    /// <summary>A duration, accepted as integer seconds or a Go-style string ("1h", "30m", "90s").</summary>
    public static Field<TimeSpan> Duration(string name, string description, TimeSpan defaultValue = default) =>
        new(name, description, "duration", ParseDuration, defaultValue);

    public static Field<IReadOnlyList<string>> StringList(string name, string description) =>
        new(name, description, "array", ParseStringList, []);

    /// <summary>A list of integers, as a JSON array or a comma-separated string ("versions": [1, 2]).</summary>
    public static Field<IReadOnlyList<long>> IntList(string name, string description) =>
        new(name, description, "array", ParseIntList, []);

    /// <summary>A JSON object; absent means null.</summary>
    public static Field<JsonObject?> Map(string name, string description) =>
        new(name, description, "map", ParseMap, null);

    /// <summary>A map of string to string (Vault's "options", "custom_metadata").</summary>
    public static Field<IReadOnlyDictionary<string, string>?> StringMap(string name, string description) =>
        new(name, description, "map", ParseStringMap, null);

    private static string ParseString(JsonNode node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => throw new FormatException(),
    };

    private static long ParseInt(JsonNode node)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            // The JSON text, not the CLR type behind the node: a parsed body and a node built from an int agree.
            var number = decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            return number == decimal.Truncate(number) ? checked((long)number) : throw new FormatException();
        }

        return long.Parse(ParseString(node), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static bool ParseBool(JsonNode node)
    {
        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>();
        }

        return BoolText.Parse(ParseString(node)) ?? throw new FormatException();
    }

    private static TimeSpan ParseDuration(JsonNode node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? TimeSpan.FromSeconds(ParseInt(node))
            : DurationText.Parse(ParseString(node));

    private static IReadOnlyList<string> ParseStringList(JsonNode node)
    {
        if (node is JsonArray array)
        {
            return array.Select(item => item is null ? throw new FormatException() : ParseString(item)).ToArray();
        }

        var text = ParseString(node);
        return text.Length == 0
            ? []
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    private static IReadOnlyList<long> ParseIntList(JsonNode node) =>
        node is JsonArray array
            ? array.Select(item => item is null ? throw new FormatException() : ParseInt(item)).ToArray()
            : ParseStringList(node).Select(text => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();

    private static JsonObject? ParseMap(JsonNode node) =>
        node as JsonObject ?? throw new FormatException();

    private static IReadOnlyDictionary<string, string>? ParseStringMap(JsonNode node)
    {
        var map = ParseMap(node)!;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            result[key] = item is null ? "" : ParseString(item);
        }

        return result;
    }
}
