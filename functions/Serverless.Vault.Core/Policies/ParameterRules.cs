using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// required_parameters, denied_parameters and allowed_parameters of the matched rule, in Vault's order: required
/// first, then an empty body passes, then denied beats allowed.
/// </summary>
internal static class ParameterRules
{
    private const string AnyKey = "*";

    public static bool Allow(AclRule rule, JsonObject? data)
    {
        foreach (var required in rule.RequiredParameters)
        {
            if (!HasKey(data, required.ToLowerInvariant()))
            {
                return false;
            }
        }

        if (data is null || data.Count == 0)
        {
            return true;
        }

        if (rule.DeniedParameters.Count > 0)
        {
            if (rule.DeniedParameters.ContainsKey(AnyKey))
            {
                return false;
            }

            foreach (var (name, value) in data)
            {
                if (rule.DeniedParameters.TryGetValue(name.ToLowerInvariant(), out var denied) && ParameterValues.Denies(name, value, denied))
                {
                    return false;
                }
            }
        }

        if (rule.AllowedParameters.Count == 0)
        {
            return true;
        }

        var allowAnyKey = rule.AllowedParameters.ContainsKey(AnyKey);
        if (allowAnyKey && rule.AllowedParameters.Count == 1)
        {
            return true;
        }

        foreach (var (name, value) in data)
        {
            if (rule.AllowedParameters.TryGetValue(name.ToLowerInvariant(), out var allowed))
            {
                if (!ParameterValues.Allows(name, value, allowed))
                {
                    return false;
                }
            }
            else if (!allowAnyKey)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Ordinal, whatever comparer the caller built the object with: Vault looks up the lower-cased name.</summary>
    private static bool HasKey(JsonObject? data, string name) =>
        data is not null && data.Any(pair => string.Equals(pair.Key, name, StringComparison.Ordinal));
}
