namespace Serverless.Vault.Core.Policies;

/// <summary>
/// The shape rules of a path pattern. Stricter than Vault on purpose: Vault takes a '*' in the middle or a '+'
/// inside a segment literally, which is almost always a mistake that silently grants nothing (or too much).
/// </summary>
internal static class PathPattern
{
    /// <summary>The pattern as stored: Vault drops one leading '/', since request paths start after it.</summary>
    public static string Trim(string pattern) => pattern.StartsWith('/') ? pattern[1..] : pattern;

    /// <summary>Why the (trimmed) pattern is unusable, or null when it is fine.</summary>
    public static string? Problem(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "the pattern is empty";
        }

        foreach (var c in pattern)
        {
            if (char.IsControl(c))
            {
                return $"control character U+{(int)c:X4} in the pattern";
            }
        }

        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0 && star != pattern.Length - 1)
        {
            return "'*' is only allowed as the last character";
        }

        foreach (var segment in pattern.Split('/'))
        {
            if (segment.Contains('+', StringComparison.Ordinal) && segment != "+")
            {
                return segment == "+*"
                    ? "'+*' is not allowed; use '+/*' or '+'"
                    : $"'+' must be a whole segment, found \"{segment}\"";
            }

            if (segment is "." or "..")
            {
                return $"\"{segment}\" is not allowed as a path segment";
            }
        }

        return null;
    }
}
