using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Audit;

/// <summary>Small helpers for Vault's omitempty entries and their wire form.</summary>
internal static class AuditJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Go's RFC3339Nano in UTC: fractional seconds without trailing zeros.</summary>
    public static string Time(DateTimeOffset time)
    {
        var text = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    /// <summary>Sets <paramref name="key"/> unless the value is empty (null, "", 0, an empty object or array).</summary>
    public static void Put(JsonObject target, string key, JsonNode? value)
    {
        var empty = value switch
        {
            null => true,
            JsonObject obj => obj.Count == 0,
            JsonArray array => array.Count == 0,
            _ => value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>().Length == 0,
                JsonValueKind.Number => value.ToJsonString() == "0",
                JsonValueKind.False => true,
                _ => false,
            },
        };
        if (!empty)
        {
            target[key] = value;
        }
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    /// <summary>One log line: the device's prefix, the entry as compact JSON, a newline.</summary>
    public static byte[] Line(string prefix, JsonObject entry)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        if (prefix.Length > 0)
        {
            buffer.Write(global::System.Text.Encoding.UTF8.GetBytes(prefix));
        }

        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            entry.WriteTo(writer);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
