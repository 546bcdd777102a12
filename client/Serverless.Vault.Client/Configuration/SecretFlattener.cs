using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Serverless.Vault.Client.Configuration;

/// <summary>A secret's data as configuration pairs; the mapping is documented on <see cref="VaultConfigurationOptions"/>.</summary>
internal static class SecretFlattener
{
    public static IReadOnlyDictionary<string, string?> Flatten(JsonObject? data, string? prefix)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (data is not null)
        {
            Add(data, string.IsNullOrEmpty(prefix) ? string.Empty : Key(prefix), pairs);
        }

        return pairs;
    }

    private static void Add(JsonNode? node, string key, Dictionary<string, string?> pairs)
    {
        switch (node)
        {
            case JsonObject item:
                foreach (var (name, value) in item)
                {
                    Add(value, Combine(key, Key(name)), pairs);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(array[i], Combine(key, i.ToString(CultureInfo.InvariantCulture)), pairs);
                }

                break;
            case JsonValue value:
                pairs[key] = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                break;
            default:
                pairs[key] = null;
                break;
        }
    }

    private static string Key(string name) => name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal).Trim(':');

    private static string Combine(string parent, string child) => parent.Length == 0 ? child : ConfigurationPath.Combine(parent, child);
}
