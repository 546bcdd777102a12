using System.Globalization;
using System.Text;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// Vault's statement templating ({{name}}, {{username}}, {{password}}, {{expiration}}), made injection-safe: a value
/// placed right after a double quote is escaped as an identifier, after a single quote as a string literal, and a value
/// anywhere else must be a plain word. Statements are split on ';' before substitution, so a value never adds one.
/// </summary>
public static class StatementTemplate
{
    /// <summary>Go's "2006-01-02 15:04:05-0700", the form Vault substitutes for {{expiration}}.</summary>
    public static string Expiration(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+0000";

    /// <summary>Each statement's ';'-separated queries, trimmed, empty ones dropped.</summary>
    public static IEnumerable<string> Queries(IEnumerable<string> statements) =>
        statements.SelectMany(s => s.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    public static string Render(string query, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(values);
        var result = new StringBuilder(query.Length + 64);
        var position = 0;
        while (position < query.Length)
        {
            var open = query.IndexOf("{{", position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : query.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                result.Append(query, position, query.Length - position);
                break;
            }

            var key = query[(open + 2)..close].Trim();
            result.Append(query, position, open - position);
            if (values.TryGetValue(key, out var value))
            {
                result.Append(Escape(value, open > 0 ? query[open - 1] : ' ', key));
            }
            else
            {
                result.Append(query, open, close + 2 - open);
            }

            position = close + 2;
        }

        return result.ToString();
    }

    private static string Escape(string value, char before, string key)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest($"the value of {{{{{key}}}}} contains a NUL character");
        }

        return before switch
        {
            '"' => value.Replace("\"", "\"\"", StringComparison.Ordinal),
            '\'' when !value.Contains('\\', StringComparison.Ordinal) => value.Replace("'", "''", StringComparison.Ordinal),
            _ when value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '+' or ' ') => value,
            _ => throw VaultException.InvalidRequest($"the value of {{{{{key}}}}} cannot be placed safely at this position of a statement; quote it"),
        };
    }
}
