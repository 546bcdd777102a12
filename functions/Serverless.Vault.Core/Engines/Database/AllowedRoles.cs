namespace Serverless.Vault.Core.Engines.Database;

/// <summary>A config's allowed_roles check: exact names or globs with '*' (Vault's StrListContainsGlob); empty allows none.</summary>
internal static class AllowedRoles
{
    public static bool Allows(IReadOnlyList<string> patterns, string role) => patterns.Any(pattern => Matches(pattern, role));

    private static bool Matches(string pattern, string text)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return pattern == text;
        }

        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal)
            || text.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var position = parts[0].Length;
        var end = text.Length - parts[^1].Length;
        foreach (var middle in parts[1..^1])
        {
            var found = text.IndexOf(middle, position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + middle.Length;
        }

        return true;
    }
}
