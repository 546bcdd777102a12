using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>Claim lookups as Vault does them: a plain name, or a JSON pointer ("/a/b") into nested claims.</summary>
internal static class JwtClaims
{
    public static JsonNode? Get(JsonObject claims, string name)
    {
        if (!name.StartsWith('/'))
        {
            return claims.TryGetPropertyValue(name, out var direct) ? direct : null;
        }

        JsonNode? current = claims;
        foreach (var raw in name[1..].Split('/'))
        {
            var part = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject obj => obj.TryGetPropertyValue(part, out var next) ? next : null,
                JsonArray array when int.TryParse(part, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A scalar claim as text (strings, numbers and bools); null for objects, arrays and null.</summary>
    public static string? AsText(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        }
        : null;

    /// <summary>A claim that is one value or a list of values, as a list of texts; null when an item is not scalar.</summary>
    public static IReadOnlyList<string>? AsTextList(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            var items = new List<string>(array.Count);
            foreach (var item in array)
            {
                if (AsText(item) is not { } text)
                {
                    return null;
                }

                items.Add(text);
            }

            return items;
        }

        return AsText(node) is { } single ? [single] : null;
    }
}
