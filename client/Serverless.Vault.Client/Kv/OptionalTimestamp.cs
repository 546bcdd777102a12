using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Kv;

/// <summary>KV v2 writes <c>deletion_time</c> as <c>""</c> when a version is not deleted: read that as null.</summary>
internal sealed class OptionalTimestamp : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } timestamp)
        {
            writer.WriteStringValue(timestamp);
        }
        else
        {
            writer.WriteStringValue(string.Empty);
        }
    }
}
