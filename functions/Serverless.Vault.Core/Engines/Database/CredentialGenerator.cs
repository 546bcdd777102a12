using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.PasswordPolicies;
using Serverless.Vault.Core.Templates;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// Generated usernames (the config's username_template, else Vault's PostgreSQL default) and passwords (the config's
/// password_policy, else Vault's default policy), from a CSPRNG.
/// </summary>
internal sealed class CredentialGenerator(PasswordPolicyStore policies)
{
    /// <summary>PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated by the server.</summary>
    public const int MaxUsernameLength = 63;

    public const string DefaultUsernameTemplate =
        "{{ printf \"v-%s-%s-%s-%s\" (.DisplayName | truncate 8) (.RoleName | truncate 8) (random 20) (unix_time) | truncate 63 }}";

    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const int PasswordLength = 20;

    private static readonly IReadOnlySet<string> TemplateFields = new HashSet<string>(StringComparer.Ordinal) { "DisplayName", "RoleName" };
    private static readonly StringTemplate DefaultTemplate = StringTemplate.Parse(DefaultUsernameTemplate, TemplateFields);

    /// <summary>A 400 unless the template parses and renders; called when a config is written.</summary>
    public static void ValidateTemplate(string template)
    {
        if (template.Length > 0)
        {
            Render(template, "token", "role", DateTimeOffset.UtcNow);
        }
    }

    /// <summary>
    /// The default template's name, lower-cased to [a-z0-9-] as before; a custom template's name as rendered, which
    /// must be 1 to 63 bytes (a 400 otherwise, as Vault's plugin refuses it). Either is quoted wherever it is written.
    /// </summary>
    public static string Username(ConnectionConfigRecord config, string displayName, string roleName, DateTimeOffset now)
    {
        if (config.UsernameTemplate.Length == 0)
        {
            return Sanitize(DefaultTemplate.Render(Fields(displayName, roleName), now));
        }

        var name = Render(config.UsernameTemplate, displayName, roleName, now);
        var bytes = Encoding.UTF8.GetByteCount(name);
        return bytes is > 0 and <= MaxUsernameLength
            ? name
            : throw VaultException.InvalidRequest($"username_template rendered a {bytes}-byte username; it must be 1 to {MaxUsernameLength} bytes (end the template with \"| truncate {MaxUsernameLength}\")");
    }

    /// <summary>A 400 unless the policy exists; called when a config is written.</summary>
    public async Task ValidatePolicyAsync(string policy, CancellationToken cancellationToken)
    {
        if (policy.Length > 0 && !await policies.ExistsAsync(policy, cancellationToken).ConfigureAwait(false))
        {
            throw VaultException.InvalidRequest($"password policy \"{policy}\" does not exist; create it at sys/policies/password/{policy}");
        }
    }

    /// <summary>From the config's password_policy; a policy deleted since the config was written is a 400.</summary>
    public Task<string> PasswordAsync(ConnectionConfigRecord config, CancellationToken cancellationToken) =>
        config.PasswordPolicy.Length == 0 ? Task.FromResult(DefaultPassword()) : policies.GenerateAsync(config.PasswordPolicy, cancellationToken);

    /// <summary>20 characters of [A-Za-z0-9-] with at least one lower, upper, digit and '-'.</summary>
    private static string DefaultPassword()
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

    private static string Render(string template, string displayName, string roleName, DateTimeOffset now)
    {
        try
        {
            return StringTemplate.Parse(template, TemplateFields).Render(Fields(displayName, roleName), now);
        }
        catch (TemplateException error)
        {
            throw VaultException.InvalidRequest($"invalid username_template: {error.Message}");
        }
    }

    private static Dictionary<string, string> Fields(string displayName, string roleName) =>
        new(StringComparer.Ordinal) { ["DisplayName"] = displayName, ["RoleName"] = roleName };

    private static string Sanitize(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw.ToLowerInvariant())
        {
            builder.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ? c : '-');
        }

        return builder.ToString();
    }
}
