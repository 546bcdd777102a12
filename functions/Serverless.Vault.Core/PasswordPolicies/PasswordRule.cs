namespace Serverless.Vault.Core.PasswordPolicies;

/// <summary>A <c>rule "charset"</c> block: at least <see cref="MinChars"/> characters of the password come from <see cref="Charset"/>.</summary>
internal sealed record PasswordRule(IReadOnlyList<string> Charset, int MinChars);
