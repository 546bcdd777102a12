using System.Security.Cryptography;

namespace Serverless.Vault.Core.PasswordPolicies;

/// <summary>
/// Passwords from a CSPRNG: each rule's minimum is drawn from its charset, the rest uniformly from the union of all
/// charsets, and the result is shuffled (Fisher-Yates over the CSPRNG), so every rule holds by construction.
/// </summary>
internal static class PasswordGenerator
{
    public static string Generate(PasswordPolicy policy)
    {
        var union = policy.Rules.SelectMany(r => r.Charset).Distinct(StringComparer.Ordinal).ToArray();
        var chars = new List<string>(policy.Length);
        foreach (var rule in policy.Rules)
        {
            chars.AddRange(RandomNumberGenerator.GetItems<string>(rule.Charset.ToArray(), rule.MinChars));
        }

        chars.AddRange(RandomNumberGenerator.GetItems<string>(union, policy.Length - chars.Count));
        var shuffled = chars.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        return string.Concat(shuffled);
    }

    /// <summary>Each distinct rune of a charset, in order of first appearance.</summary>
    public static IReadOnlyList<string> Runes(string charset) =>
        charset.EnumerateRunes().Select(r => r.ToString()).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>True when the password has the policy's length (in runes) and meets every rule.</summary>
    public static bool Satisfies(PasswordPolicy policy, string password)
    {
        var runes = password.EnumerateRunes().Select(r => r.ToString()).ToArray();
        return runes.Length == policy.Length
            && policy.Rules.All(rule => runes.Count(r => rule.Charset.Contains(r, StringComparer.Ordinal)) >= rule.MinChars);
    }
}
