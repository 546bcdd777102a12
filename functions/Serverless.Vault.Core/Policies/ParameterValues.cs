using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// Compares one request value with a rule's value list. As in Vault: a policy string is a glob ("pre*", "*suf",
/// "*mid*"); a list in the request is checked element by element, and so is a comma-separated string (backends read
/// many fields that way). Allowing needs every element allowed, denying needs one element denied.
/// </summary>
internal static class ParameterValues
{
    public static bool Allows(string name, JsonNode? value, IReadOnlyList<JsonNode?> list)
    {
        if (list.Count == 0)
        {
            return true;
        }

        var policyNames = IsPolicyNames(name);
        value = Normalize(value, policyNames);
        if (InList(value, list, policyNames))
        {
            return true;
        }

        // Unlike Vault, an empty list or string is not vacuously allowed: it may select a backend default
        // that the policy author did not list.
        var elements = Elements(value);
        return elements.Count > 0 && elements.All(element => InList(element, list, policyNames));
    }

    public static bool Denies(string name, JsonNode? value, IReadOnlyList<JsonNode?> list)
    {
        if (list.Count == 0)
        {
            return true;
        }

        var policyNames = IsPolicyNames(name);
        value = Normalize(value, policyNames);
        return InList(value, list, policyNames) || Elements(value).Any(element => InList(element, list, policyNames));
    }

    /// <summary>Vault's GlobbedStringsMatch: a lone "*" is literal; otherwise a leading and/or trailing '*' globs.</summary>
    internal static bool GlobMatches(string pattern, string value)
    {
        if (pattern.Length < 2)
        {
            return pattern == value;
        }

        var leading = pattern[0] == '*';
        var trailing = pattern[^1] == '*';
        return (leading, trailing) switch
        {
            (true, true) => value.Contains(pattern[1..^1], StringComparison.Ordinal),
            (true, false) => value.EndsWith(pattern[1..], StringComparison.Ordinal),
            (false, true) => value.StartsWith(pattern[..^1], StringComparison.Ordinal),
            _ => pattern == value,
        };
    }

    /// <summary>Policy names are case-insensitive, so "ROOT" must not slip past a denied "root" (as Vault 1.21 fixed).</summary>
    private static bool IsPolicyNames(string name) => name.ToLowerInvariant() is "policies" or "token_policies";

    private static JsonNode? Normalize(JsonNode? value, bool policyNames) => !policyNames ? value : value switch
    {
        JsonArray array => new JsonArray([.. array.Select(item => Normalize(item?.DeepClone(), policyNames))]),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => JsonValue.Create(PolicyNames.Canonicalize(scalar.GetValue<string>())),
        _ => value,
    };

    private static List<JsonNode?> Elements(JsonNode? value) => value switch
    {
        JsonArray array => [.. array],
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => SplitCommas(scalar.GetValue<string>()),
        _ => [],
    };

    private static List<JsonNode?> SplitCommas(string text) =>
        text.Length == 0 ? [] : [.. text.Split(',').Select(piece => (JsonNode?)JsonValue.Create(piece.Trim()))];

    private static bool InList(JsonNode? value, IReadOnlyList<JsonNode?> list, bool policyNames) =>
        list.Any(item => Matches(item, value, policyNames));

    private static bool Matches(JsonNode? allowed, JsonNode? value, bool policyNames)
    {
        if (allowed is null || value is null)
        {
            return allowed is null && value is null;
        }

        var allowedText = ScalarText(allowed);
        var valueText = ScalarText(value);
        if (allowedText is null || valueText is null)
        {
            return JsonNode.DeepEquals(allowed, value);
        }

        // Scalars compare by text whatever their JSON type, because backends read fields weakly typed (5, "5"
        // and 5.0 are the same TTL): a denied value cannot be smuggled past the policy by changing its type.
        if (allowed.GetValueKind() == JsonValueKind.String)
        {
            return GlobMatches(policyNames ? PolicyNames.Canonicalize(allowedText) : allowedText, valueText);
        }

        return decimal.TryParse(allowedText, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a == b
            : allowedText == valueText;
    }

    private static string? ScalarText(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.ToJsonString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
