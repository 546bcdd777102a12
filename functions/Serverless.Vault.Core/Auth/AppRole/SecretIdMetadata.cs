using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// A secret ID's metadata field as clients send it: a JSON-encoded string of string to string (the CLI and hvac),
/// or, leniently, a JSON object or "key=value,key=value".
/// </summary>
internal static class SecretIdMetadata
{
    public static readonly Field<string> Field = Fields.String("metadata", "Metadata tied to the secret ID: a JSON-encoded string of string to string.");

    public static IReadOnlyDictionary<string, string> Parse(FieldData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.Has(Field))
        {
            return new Dictionary<string, string>();
        }

        if (input.Raw["metadata"] is JsonObject map)
        {
            return FromObject(map);
        }

        var text = input.Get(Field).Trim();
        if (text.Length == 0)
        {
            return new Dictionary<string, string>();
        }

        if (text.StartsWith('{'))
        {
            try
            {
                return FromObject(JsonNode.Parse(text) as JsonObject ?? throw new FormatException());
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw VaultException.InvalidRequest("failed to parse metadata: invalid JSON object of string values");
            }
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw VaultException.InvalidRequest($"failed to parse metadata: invalid key/value pair \"{pair}\": format must be key=value");
            }

            pairs[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        return pairs;
    }

    private static Dictionary<string, string> FromObject(JsonObject map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw VaultException.InvalidRequest($"failed to parse metadata: the value of \"{key}\" is not a string");
        }

        return result;
    }
}
