namespace Serverless.Vault.Core.PasswordPolicies;

/// <summary>A parsed password policy: the length and the charset rules. Charsets hold one text element (rune) per item.</summary>
internal sealed record PasswordPolicy(int Length, IReadOnlyList<PasswordRule> Rules)
{
    public const int MinLength = 4;
    public const int MaxLength = 100;
}
