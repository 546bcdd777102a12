using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// allowed_parameters / denied_parameters: lower-cased parameter name to permitted (or forbidden) values, where an
/// empty list means "any value". Merging follows Vault: an empty list absorbs any other, otherwise lists append.
/// </summary>
internal static class ParameterMap
{
    public static IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> Read(DocumentNode node, string key)
    {
        if (node.Kind != DocumentNodeKind.Object)
        {
            throw new PolicyParseException(node.Line, node.Column, $"\"{key}\" must be an object of parameter names to value lists, found {node.Describe()}");
        }

        var result = new Dictionary<string, IReadOnlyList<JsonNode?>>(StringComparer.Ordinal);
        foreach (var entry in node.Entries)
        {
            if (entry.Value.Kind != DocumentNodeKind.List)
            {
                throw new PolicyParseException(entry.Value.Line, entry.Value.Column,
                    $"{key} \"{entry.Key}\" must be a list of values ([] for any value), found {entry.Value.Describe()}");
            }

            AddOrMerge(result, entry.Key.ToLowerInvariant(), [.. entry.Value.Items.Select(PolicyBuilder.ToJson)]);
        }

        return result;
    }

    public static void MergeInto(Dictionary<string, IReadOnlyList<JsonNode?>> target, IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> source)
    {
        foreach (var (name, values) in source)
        {
            AddOrMerge(target, name, values);
        }
    }

    private static void AddOrMerge(Dictionary<string, IReadOnlyList<JsonNode?>> target, string name, IReadOnlyList<JsonNode?> values)
    {
        if (!target.TryGetValue(name, out var existing))
        {
            target[name] = values;
        }
        else if (existing.Count == 0 || values.Count == 0)
        {
            target[name] = [];
        }
        else
        {
            target[name] = [.. existing, .. values];
        }
    }
}
