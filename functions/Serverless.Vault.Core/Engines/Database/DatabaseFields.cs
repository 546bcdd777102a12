using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>Fields several database paths share, and the statements field type.</summary>
internal static class DatabaseFields
{
    public static readonly Field<string> Name = Fields.String("name", "Name of the connection or role.").AsRequired();
    public static readonly Field<string> DbName = Fields.String("db_name", "Name of the database connection (config/:name) to use.");

    /// <summary>
    /// Statements as Vault takes them: a JSON array, a ';'-separated string, or base64 of either.
    /// </summary>
    public static Field<IReadOnlyList<string>> Statements(string name, string description) =>
        new(name, description, "array", ParseStatements, []);

    private static IReadOnlyList<string> ParseStatements(JsonNode node)
    {
        if (node is JsonArray array)
        {
            return [.. array.Select(item => item?.GetValue<string>() ?? throw new FormatException()).Where(s => s.Trim().Length > 0)];
        }

        var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw new FormatException();
        text = TryBase64(text) ?? text;
        if (text.TrimStart().StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(text) ?? [];
            }
            catch (JsonException)
            {
            }
        }

        return text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    private static string? TryBase64(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length % 4 != 0)
        {
            return null;
        }

        var buffer = new byte[trimmed.Length * 3 / 4];
        return Convert.TryFromBase64String(trimmed, buffer, out var written) ? Utf8(buffer.AsSpan(0, written)) : null;
    }

    private static string? Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
