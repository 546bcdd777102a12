using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// The one spelling of a policy name. Every name that is written, assigned to a token or compared goes through
/// here, so "ROOT", " root" or "ro\u200Bot" cannot pass for a different policy than "root".
/// </summary>
public static class PolicyNames
{
    public const string Root = "root";

    public const string Default = "default";

    public const string ResponseWrapping = "response-wrapping";

    /// <summary>Names are storage keys and appear in audit logs; nothing legitimate comes near this.</summary>
    public const int MaxLength = 256;

    /// <summary>The characters a normalised name is made of.</summary>
    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.@");

    /// <summary>Returns the normalised name or throws an invalid-request error saying what is wrong with it.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryNormalize(name, out var normalized, out var problem) ? normalized : throw VaultException.InvalidRequest(problem);
    }

    public static bool TryNormalize(string? name, out string normalized) => TryNormalize(name, out normalized, out _);

    /// <summary>True for every spelling that normalises to "root".</summary>
    public static bool IsRoot(string? name) =>
        IsCanonical(name) ? name == Root : TryNormalize(name, out var normalized) && normalized == Root;

    /// <summary>Trimmed, lower-cased, invisible characters removed; no validation (for comparing request values).</summary>
    internal static string Canonicalize(string value)
    {
        var visible = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!IsInvisible(c))
            {
                visible.Append(c);
            }
        }

        return visible.ToString().Trim().ToLowerInvariant();
    }

    private static bool TryNormalize(string? name, out string normalized, out string problem)
    {
        // The common case, a name already in its one spelling (every token's policies are), costs one vectorised scan.
        normalized = IsCanonical(name) ? name : Canonicalize(name ?? "");
        problem = "";
        if (normalized.Length == 0)
        {
            problem = "policy name is empty";
        }
        else if (normalized.Length > MaxLength)
        {
            problem = $"policy name is longer than {MaxLength} characters";
        }
        else if (normalized.FirstOrDefault(c => !IsAllowed(c)) is var bad and not '\0')
        {
            problem = bad == '/'
                ? "policy name must not contain '/'"
                : $"policy name contains {Show(bad)}; use lower-case letters, digits, '-', '_', '.' and '@'";
        }
        else if (!char.IsAsciiLetterOrDigit(normalized[0]))
        {
            problem = "policy name must start with a letter or a digit";
        }

        if (problem.Length > 0)
        {
            normalized = "";
            return false;
        }

        return true;
    }

    /// <summary>
    /// A valid name in its one spelling: non-empty, not too long, only allowed characters, starting with a letter or a
    /// digit. Canonicalize leaves such a name as it is (nothing invisible to drop, no space to trim, nothing upper-case).
    /// </summary>
    private static bool IsCanonical([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxLength } && !name.AsSpan().ContainsAnyExcept(Allowed) && char.IsAsciiLetterOrDigit(name[0]);

    private static bool IsAllowed(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '@';

    /// <summary>Controls, format characters (zero-width space and joiners, soft hyphen, BOM) and fillers that render as nothing.</summary>
    private static bool IsInvisible(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
        || c is '\u034F' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u180E' or '\u3164' or '\uFFA0';

    private static string Show(char c) => char.IsAscii(c) && !char.IsControl(c) ? $"'{c}'" : $"U+{(int)c:X4}";
}
