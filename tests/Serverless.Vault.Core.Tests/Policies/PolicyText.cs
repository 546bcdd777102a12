using System.Text.Json.Nodes;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tests.Policies;

/// <summary>Small builders for policy texts and a canonical description for comparing parsed policies.</summary>
internal static class PolicyText
{
    public static string Rule(string pattern, params string[] capabilities) =>
        $"path \"{pattern}\" {{ capabilities = [{string.Join(", ", capabilities.Select(c => $"\"{c}\""))}] }}\n";

    public static Acl Compile(params string[] texts) =>
        Acl.Compile(texts.Select((text, i) => PolicyParser.Parse($"p{i}", text)));

    public static string Describe(Policy policy) =>
        $"{policy.Name}: " + string.Join("; ", policy.Paths.Select(Describe));

    private static string Describe(PathRule rule) =>
        $"{rule.Pattern} [{string.Join(",", CapabilityNames.Of(rule.Capabilities))}]"
        + $" allowed={Describe(rule.AllowedParameters)} denied={Describe(rule.DeniedParameters)}"
        + $" required={string.Join(",", rule.RequiredParameters)} min={rule.MinWrappingTtl} max={rule.MaxWrappingTtl}";

    private static string Describe(IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> parameters) =>
        "{" + string.Join(",", parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}=[{string.Join(",", p.Value.Select(v => v?.ToJsonString() ?? "null"))}]")) + "}";
}
