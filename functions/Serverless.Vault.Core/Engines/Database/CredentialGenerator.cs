using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>Generated usernames (Vault's default template) and passwords (Vault's default policy), from a CSPRNG.</summary>
internal static class CredentialGenerator
{
    /// <summary>PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated by the server.</summary>
    public const int MaxUsernameLength = 63;

    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const int PasswordLength = 20;

    /// <summary>v-&lt;display 8&gt;-&lt;role 8&gt;-&lt;random 20&gt;-&lt;unix&gt;, cut to 63, lowercase [a-z0-9-] only.</summary>
    public static string Username(string displayName, string roleName, DateTimeOffset now)
    {
        var random = new string(RandomNumberGenerator.GetItems<char>(Lower + Digits, 20));
        var unix = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var raw = $"v-{Truncate(displayName, 8)}-{Truncate(roleName, 8)}-{random}-{unix}";
        var builder = new StringBuilder(raw.Length);
        foreach (var c in Truncate(raw, MaxUsernameLength).ToLowerInvariant())
        {
            builder.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ? c : '-');
        }

        return builder.ToString();
    }

    /// <summary>20 characters of [A-Za-z0-9-] with at least one lower, upper, digit and '-'.</summary>
    public static string Password()
    {
        var chars = new char[PasswordLength];
        chars[0] = RandomNumberGenerator.GetItems<char>(Lower, 1)[0];
        chars[1] = RandomNumberGenerator.GetItems<char>(Upper, 1)[0];
        chars[2] = RandomNumberGenerator.GetItems<char>(Digits, 1)[0];
        chars[3] = '-';
        RandomNumberGenerator.GetItems<char>(Lower + Upper + Digits + "-", PasswordLength - 4).CopyTo(chars, 4);
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
