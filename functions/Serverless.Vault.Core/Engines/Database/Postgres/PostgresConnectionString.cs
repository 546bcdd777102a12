using System.Globalization;
using System.Text;
using Npgsql;

namespace Serverless.Vault.Core.Engines.Database.Postgres;

/// <summary>
/// Turns a libpq connection string, as Vault takes it (URL <c>postgresql://user:pass@host:5432/db?sslmode=disable</c>
/// or keywords <c>host=h port=5432 user=u password=p dbname=d</c>), into Npgsql's form. Unknown parameters are ignored.
/// </summary>
internal static class PostgresConnectionString
{
    /// <summary>Npgsql's default is 15 s; a vault request should fail well before its client gives up.</summary>
    private const int DefaultConnectTimeoutSeconds = 5;

    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new NpgsqlConnectionStringBuilder { Timeout = DefaultConnectTimeoutSeconds };
        var trimmed = text.Trim();
        var pairs = trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(trimmed)
            : FromKeywords(trimmed);
        foreach (var (key, value) in pairs)
        {
            Apply(builder, key, value);
        }

        return builder;
    }

    private static List<(string Key, string Value)> FromUrl(string text)
    {
        var uri = new Uri(text);
        var pairs = new List<(string, string)> { ("host", uri.Host.Trim('[', ']')) };
        if (uri.Port > 0)
        {
            pairs.Add(("port", uri.Port.ToString(CultureInfo.InvariantCulture)));
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            pairs.Add(("user", Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon])));
            if (colon >= 0)
            {
                pairs.Add(("password", Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..])));
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            pairs.Add(("dbname", database));
        }

        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                pairs.Add((Uri.UnescapeDataString(parameter[..equals]), Uri.UnescapeDataString(parameter[(equals + 1)..])));
            }
        }

        return pairs;
    }

    private static List<(string Key, string Value)> FromKeywords(string text)
    {
        var pairs = new List<(string, string)>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                return pairs;
            }

            var keyStart = i;
            while (i < text.Length && text[i] != '=' && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var key = text[keyStart..i];
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                throw new ArgumentException($"missing \"=\" after \"{key}\" in connection_url");
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            pairs.Add((key, ReadValue(text, ref i)));
        }
    }

    /// <summary>A bare word or a single-quoted value; a backslash escapes the next character in both, as in libpq.</summary>
    private static string ReadValue(string text, ref int i)
    {
        var quoted = i < text.Length && text[i] == '\'';
        if (quoted)
        {
            i++;
        }

        var value = new StringBuilder();
        while (i < text.Length && (quoted ? text[i] != '\'' : !char.IsWhiteSpace(text[i])))
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            value.Append(text[i++]);
        }

        if (quoted)
        {
            i = i < text.Length ? i + 1 : throw new ArgumentException("unterminated quoted value in connection_url");
        }

        return value.ToString();
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "host" or "hostaddr":
                builder.Host = value;
                break;
            case "port":
                builder.Port = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname":
                builder.Database = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "sslmode":
                builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                break;
        }
    }
}
