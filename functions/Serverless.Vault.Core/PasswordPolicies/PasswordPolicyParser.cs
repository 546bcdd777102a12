using System.Globalization;
using System.Text;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.PasswordPolicies;

/// <summary>
/// Parses a password policy (HCL or JSON, or base64 of either) with the ACL policy tokenizer:
/// <c>length = 20</c> and one or more <c>rule "charset" { charset = "abc" min-chars = 1 }</c>.
/// Every problem is an invalid request (400) that says what to change.
/// </summary>
internal static class PasswordPolicyParser
{
    public const int MaxTextBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text as written, or its base64 decoding when it is base64 of UTF-8 (as Vault accepts).</summary>
    public static string Decode(string text)
    {
        var trimmed = text.Trim();
        var buffer = new byte[trimmed.Length * 3 / 4 + 3];
        if (trimmed.Length == 0 || !Convert.TryFromBase64String(trimmed, buffer, out var written))
        {
            return text;
        }

        try
        {
            return StrictUtf8.GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }
    }

    public static PasswordPolicy Parse(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            throw Invalid($"the policy is larger than {MaxTextBytes} bytes");
        }

        DocumentNode root;
        try
        {
            root = text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal) ? JsonDocumentReader.Read(text) : HclParser.Parse(text);
        }
        catch (PolicyParseException error)
        {
            throw Invalid(error.Message);
        }

        int? length = null;
        var rules = new List<PasswordRule>();
        foreach (var entry in root.Entries)
        {
            switch (entry.Key)
            {
                case "length":
                    length = Integer(entry);
                    break;
                case "rule":
                    ReadRules(entry.Value, rules);
                    break;
                default:
                    throw Invalid($"unknown key \"{entry.Key}\" at line {entry.Line}; a policy has \"length\" and \"rule\" blocks");
            }
        }

        return Validate(new PasswordPolicy(length ?? 0, rules));
    }

    private static PasswordPolicy Validate(PasswordPolicy policy)
    {
        if (policy.Length is < PasswordPolicy.MinLength or > PasswordPolicy.MaxLength)
        {
            throw Invalid($"length must be between {PasswordPolicy.MinLength} and {PasswordPolicy.MaxLength}, got {policy.Length}");
        }

        if (policy.Rules.Count == 0)
        {
            throw Invalid("no rules: add at least one rule \"charset\" { charset = \"...\" }");
        }

        var required = policy.Rules.Sum(r => (long)r.MinChars);
        return required > policy.Length
            ? throw Invalid($"the rules require at least {required} characters, more than the length {policy.Length}")
            : policy;
    }

    /// <summary>"rule" is an object of rule types (HCL blocks, or JSON), or a list of such objects (JSON).</summary>
    private static void ReadRules(DocumentNode value, List<PasswordRule> rules)
    {
        var objects = value.Kind == DocumentNodeKind.List ? value.Items : [value];
        foreach (var node in objects)
        {
            if (node.Kind != DocumentNodeKind.Object)
            {
                throw Invalid($"line {node.Line}: a rule must be a block such as rule \"charset\" {{ ... }}");
            }

            foreach (var rule in node.Entries)
            {
                if (rule.Key != "charset")
                {
                    throw Invalid($"line {rule.Line}: unrecognized rule type \"{rule.Key}\"; only \"charset\" is supported");
                }

                var bodies = rule.Value.Kind == DocumentNodeKind.List ? rule.Value.Items : [rule.Value];
                foreach (var body in bodies)
                {
                    rules.Add(ReadCharsetRule(body));
                }
            }
        }
    }

    private static PasswordRule ReadCharsetRule(DocumentNode body)
    {
        if (body.Kind != DocumentNodeKind.Object)
        {
            throw Invalid($"line {body.Line}: a charset rule must be a block");
        }

        var charset = "";
        var minChars = 0;
        foreach (var field in body.Entries)
        {
            switch (field.Key)
            {
                case "charset":
                    charset = field.Value.Kind == DocumentNodeKind.String ? field.Value.Text : throw Invalid($"line {field.Line}: charset must be a string");
                    break;
                case "min-chars":
                    minChars = Integer(field);
                    break;
                default:
                    throw Invalid($"line {field.Line}: unknown key \"{field.Key}\" in a charset rule; use \"charset\" and \"min-chars\"");
            }
        }

        var runes = PasswordGenerator.Runes(charset);
        return runes.Count == 0
            ? throw Invalid($"line {body.Line}: a charset rule needs a non-empty charset")
            : new PasswordRule(runes, minChars);
    }

    private static int Integer(DocumentEntry entry) =>
        entry.Value.Kind is DocumentNodeKind.Number or DocumentNodeKind.String
        && int.TryParse(entry.Value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid($"line {entry.Line}: \"{entry.Key}\" must be a non-negative integer");

    private static VaultException Invalid(string reason) => VaultException.InvalidRequest($"invalid password policy: {reason}");
}
