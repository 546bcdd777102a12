using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// bound_claims: every bound claim must be present and one of its values must match one of the bound values, exactly
/// ("string") or with '*' wildcards ("glob", as go-glob: '*' matches any run of characters, nothing else is special).
/// </summary>
internal static class BoundClaims
{
    public const string StringType = "string";
    public const string GlobType = "glob";

    /// <summary>Checks a role's bound_claims on write: each value a string or a list of strings.</summary>
    public static void ValidateDefinition(JsonObject? bound)
    {
        foreach (var (name, value) in bound ?? [])
        {
            if (value is null || JwtClaims.AsTextList(value) is null || (value is JsonArray && value.AsArray().Any(v => v is JsonValue s && s.GetValueKind() != JsonValueKind.String)))
            {
                throw VaultException.InvalidRequest($"bound claim is not a string or list: {name}");
            }
        }
    }

    public static void Check(JsonObject? bound, string type, JsonObject claims)
    {
        foreach (var (name, expected) in bound ?? [])
        {
            var actual = JwtClaims.Get(claims, name);
            if (actual is null)
            {
                throw VaultException.InvalidRequest($"error validating claims: claim \"{name}\" is missing");
            }

            var allowed = JwtClaims.AsTextList(expected) ?? [];
            var values = JwtClaims.AsTextList(actual) ?? [];
            var glob = type == GlobType;
            if (!values.Any(v => allowed.Any(a => glob ? GlobMatches(a, v) : string.Equals(a, v, StringComparison.Ordinal))))
            {
                throw VaultException.InvalidRequest($"error validating claims: claim \"{name}\" does not match any associated bound claim values");
            }
        }
    }

    /// <summary>go-glob's semantics: the pattern split on '*'; the parts must appear in order, anchored at both ends.</summary>
    public static bool GlobMatches(string pattern, string value)
    {
        if (pattern == "*")
        {
            return true;
        }

        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        if (!value.StartsWith(parts[0], StringComparison.Ordinal) || !value.EndsWith(parts[^1], StringComparison.Ordinal)
            || value.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var position = parts[0].Length;
        var end = value.Length - parts[^1].Length;
        foreach (var part in parts[1..^1])
        {
            var found = value.IndexOf(part, position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return true;
    }
}
