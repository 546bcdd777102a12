using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Userpass;

/// <summary>bcrypt hashing and checking of user passwords, at the same cost whether the user exists or not.</summary>
internal static class UserpassPasswords
{
    /// <summary>
    /// 2^10 rounds, Go's bcrypt.DefaultCost that Vault uses: tens of milliseconds per login on one core, which slows
    /// offline guessing of a leaked hash without making logins or tests slow.
    /// </summary>
    public const int WorkFactor = 10;

    /// <summary>bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated (as Go does).</summary>
    public const int MaxPasswordBytes = 72;

    /// <summary>
    /// Checked against when the user is unknown, so that an unknown user costs one bcrypt run like a known one and the
    /// response time does not reveal which usernames exist (CVE-2025-6011). Nobody knows its password: it is random.
    /// Computed once per process at <see cref="WorkFactor"/>, so it always costs what a real hash costs.
    /// </summary>
    internal static readonly string DummyHash;

    static UserpassPasswords()
    {
        DummyHash = BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), WorkFactor);
    }

    /// <summary>The bcrypt hash of a new password; an empty or over-long one is a 400 that does not echo it.</summary>
    public static string Hash(string password)
    {
        if (password.Length == 0)
        {
            throw VaultException.InvalidRequest("missing password");
        }

        if (Encoding.UTF8.GetByteCount(password) > MaxPasswordBytes)
        {
            throw VaultException.InvalidRequest($"password is too long: bcrypt accepts at most {MaxPasswordBytes} bytes");
        }

        return BCrypt.Net.BCrypt.HashPassword(password, WorkFactor);
    }

    /// <summary>
    /// True only when <paramref name="storedHash"/> is a user's hash and the password matches it. Always runs exactly
    /// one bcrypt comparison, against the dummy hash when there is no user.
    /// </summary>
    public static bool Verify(string password, string? storedHash)
    {
        var tooLong = Encoding.UTF8.GetByteCount(password) > MaxPasswordBytes;
        bool matches;
        try
        {
            matches = BCrypt.Net.BCrypt.Verify(password, HashToCheck(storedHash));
        }
        catch (BCrypt.Net.SaltParseException)
        {
            // A damaged stored hash lets nobody in (fail closed).
            matches = false;
        }

        return matches && !tooLong && !string.IsNullOrEmpty(storedHash);
    }

    /// <summary>The hash a login is checked against: the user's, or the dummy when there is no user.</summary>
    internal static string HashToCheck(string? storedHash) => string.IsNullOrEmpty(storedHash) ? DummyHash : storedHash;
}
