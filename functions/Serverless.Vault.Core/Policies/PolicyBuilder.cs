using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Policies;

/// <summary>Turns a document tree (from HCL or JSON) into a <see cref="Policy"/>, rejecting anything it does not know.</summary>
internal static class PolicyBuilder
{
    private static readonly string[] PathKeys =
    [
        "capabilities", "policy", "allowed_parameters", "denied_parameters", "required_parameters",
        "min_wrapping_ttl", "max_wrapping_ttl", "comment",
    ];

    public static Policy Build(string name, DocumentNode root)
    {
        var rules = new List<PathRule>();
        foreach (var entry in root.Entries)
        {
            switch (entry.Key)
            {
                case "path":
                    AddPaths(entry.Value, rules);
                    break;
                case "name":
                    Expect(entry.Value, DocumentNodeKind.String, "\"name\"");
                    break;
                default:
                    throw Error(entry, $"unknown key \"{entry.Key}\" at the top level; policies contain \"path\" blocks");
            }
        }

        return new Policy(name, rules);
    }

    private static PolicyParseException Error(DocumentEntry at, string reason) => new(at.Line, at.Column, reason);

    private static PolicyParseException Error(DocumentNode at, string reason) => new(at.Line, at.Column, reason);

    private static void Expect(DocumentNode node, DocumentNodeKind kind, string what)
    {
        if (node.Kind != kind)
        {
            throw Error(node, $"{what} must be {DocumentNode.Describe(kind)}, found {node.Describe()}");
        }
    }

    private static void AddPaths(DocumentNode node, List<PathRule> rules)
    {
        if (node.Kind == DocumentNodeKind.List)
        {
            foreach (var item in node.Items)
            {
                AddPaths(item, rules);
            }

            return;
        }

        if (node.Kind != DocumentNodeKind.Object)
        {
            throw Error(node, $"\"path\" must map path patterns to blocks, found {node.Describe()}");
        }

        foreach (var entry in node.Entries)
        {
            if (rules.Count == PolicyLimits.MaxPaths)
            {
                throw Error(entry, $"more than {PolicyLimits.MaxPaths} paths in one policy");
            }

            rules.Add(BuildRule(entry));
        }
    }

    private static PathRule BuildRule(DocumentEntry entry)
    {
        var pattern = PathPattern.Trim(entry.Key);
        if (PathPattern.Problem(pattern) is { } problem)
        {
            throw Error(entry, $"invalid path \"{entry.Key}\": {problem}");
        }

        if (entry.Value.Kind != DocumentNodeKind.Object)
        {
            throw Error(entry.Value, $"path \"{pattern}\" must be a block, found {entry.Value.Describe()}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var capabilities = Capability.None;
        var rule = new PathRule { Pattern = pattern };
        foreach (var field in entry.Value.Entries)
        {
            if (!seen.Add(field.Key))
            {
                throw Error(field, $"duplicate key \"{field.Key}\" in path \"{pattern}\"");
            }

            var value = field.Value;
            switch (field.Key)
            {
                case "capabilities":
                    capabilities |= ReadCapabilities(value, pattern);
                    break;
                case "policy":
                    capabilities |= LegacyPolicy(value, pattern);
                    break;
                case "allowed_parameters":
                    rule = rule with { AllowedParameters = ParameterMap.Read(value, field.Key) };
                    break;
                case "denied_parameters":
                    rule = rule with { DeniedParameters = ParameterMap.Read(value, field.Key) };
                    break;
                case "required_parameters":
                    rule = rule with { RequiredParameters = ReadStrings(value, field.Key) };
                    break;
                case "min_wrapping_ttl":
                    rule = rule with { MinWrappingTtl = ReadDuration(value, field.Key) };
                    break;
                case "max_wrapping_ttl":
                    rule = rule with { MaxWrappingTtl = ReadDuration(value, field.Key) };
                    break;
                case "comment":
                    Expect(value, DocumentNodeKind.String, "\"comment\"");
                    break;
                default:
                    throw Error(field, $"unknown key \"{field.Key}\" in path \"{pattern}\"; valid keys are {string.Join(", ", PathKeys)}");
            }
        }

        if (rule.MinWrappingTtl > TimeSpan.Zero && rule.MaxWrappingTtl > TimeSpan.Zero && rule.MaxWrappingTtl < rule.MinWrappingTtl)
        {
            throw Error(entry, $"path \"{pattern}\": max_wrapping_ttl cannot be less than min_wrapping_ttl");
        }

        // A deny anywhere in the block makes it deny-only, as Vault stores it.
        return rule with { Capabilities = capabilities.HasFlag(Capability.Deny) ? Capability.Deny : capabilities };
    }

    private static Capability ReadCapabilities(DocumentNode value, string pattern)
    {
        var capabilities = Capability.None;
        foreach (var item in ReadStringNodes(value, "\"capabilities\""))
        {
            if (!CapabilityNames.TryParse(item.Text, out var capability))
            {
                throw Error(item, $"unknown capability \"{item.Text}\" in path \"{pattern}\"; valid capabilities are {string.Join(", ", CapabilityNames.Valid)}");
            }

            capabilities |= capability;
        }

        return capabilities;
    }

    /// <summary>The pre-0.5 shorthand <c>policy = "write"</c>, mapped to capabilities as Vault does.</summary>
    private static Capability LegacyPolicy(DocumentNode value, string pattern)
    {
        Expect(value, DocumentNodeKind.String, "\"policy\"");
        const Capability write = Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List;
        return value.Text switch
        {
            "deny" => Capability.Deny,
            "read" => Capability.Read | Capability.List,
            "write" => write,
            "sudo" => write | Capability.Sudo,
            _ => throw Error(value, $"invalid policy \"{value.Text}\" in path \"{pattern}\"; use deny, read, write or sudo"),
        };
    }

    private static List<DocumentNode> ReadStringNodes(DocumentNode value, string what)
    {
        Expect(value, DocumentNodeKind.List, what);
        foreach (var item in value.Items)
        {
            Expect(item, DocumentNodeKind.String, $"each element of {what}");
        }

        return [.. value.Items];
    }

    private static string[] ReadStrings(DocumentNode value, string key) =>
        [.. ReadStringNodes(value, $"\"{key}\"").Select(item => item.Text)];

    /// <summary>Seconds as a number or a string, or a duration such as "1h30m" (Vault's ParseDurationSecond).</summary>
    private static TimeSpan ReadDuration(DocumentNode value, string key)
    {
        var invalid = $"invalid {key} \"{value.Text}\"; use whole seconds or a duration such as \"90s\" or \"1h\"";
        if (value.Kind == DocumentNodeKind.Number)
        {
            return long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= int.MaxValue
                ? TimeSpan.FromSeconds(seconds)
                : throw Error(value, invalid);
        }

        Expect(value, DocumentNodeKind.String, $"\"{key}\"");
        try
        {
            return DurationText.Parse(value.Text);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw Error(value, invalid);
        }
    }

    /// <summary>Parameter values as JSON, which is what request data is compared against.</summary>
    internal static JsonNode? ToJson(DocumentNode node) => node.Kind switch
    {
        DocumentNodeKind.String => JsonValue.Create(node.Text),
        DocumentNodeKind.Number => JsonNode.Parse(node.Text),
        DocumentNodeKind.Bool => JsonValue.Create(node.Text == "true"),
        DocumentNodeKind.Null => null,
        DocumentNodeKind.List => new JsonArray([.. node.Items.Select(ToJson)]),
        _ => ToJsonObject(node),
    };

    private static JsonObject ToJsonObject(DocumentNode node)
    {
        var result = new JsonObject();
        foreach (var entry in node.Entries)
        {
            result[entry.Key] = ToJson(entry.Value);
        }

        return result;
    }
}
