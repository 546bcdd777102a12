using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Vault.Core.Templates;

/// <summary>
/// The functions of Vault's username templates (sdk/helper/template), with Go's argument order: a piped value is the
/// last argument. Values are strings or integers; nothing is resolved by reflection.
/// </summary>
internal static class TemplateFunctions
{
    /// <summary>Longest value any function may produce, and longest rendered template.</summary>
    public const int MaxValueLength = 1024;

    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int Variadic = -1;

    private static readonly Dictionary<string, int> Arity = new(StringComparer.Ordinal)
    {
        ["printf"] = Variadic,
        ["random"] = 1,
        ["truncate"] = 2,
        ["truncate_sha256"] = 2,
        ["uppercase"] = 1,
        ["lowercase"] = 1,
        ["replace"] = 3,
        ["sha256"] = 1,
        ["base64"] = 1,
        ["hex"] = 1,
        ["uuid"] = 0,
        ["unix_time"] = 0,
        ["unix_time_millis"] = 0,
        ["timestamp"] = 1,
    };

    public static bool Exists(string name) => Arity.ContainsKey(name);

    public static void CheckArity(string name, int count)
    {
        var expected = Arity[name];
        if (expected == Variadic ? count < 1 : count != expected)
        {
            throw new TemplateException(expected == Variadic
                ? $"wrong number of args for {name}: want at least 1 got {count}"
                : $"wrong number of args for {name}: want {expected} got {count}");
        }
    }

    public static object Call(string name, IReadOnlyList<object> args, DateTimeOffset now) => name switch
    {
        "printf" => Printf(Text(name, args, 0), args.Skip(1).ToList()),
        "random" => Random(Int(name, args, 0)),
        "truncate" => Truncate(Int(name, args, 0), Text(name, args, 1)),
        "truncate_sha256" => TruncateSha256(Int(name, args, 0), Text(name, args, 1)),
        "uppercase" => Text(name, args, 0).ToUpperInvariant(),
        "lowercase" => Text(name, args, 0).ToLowerInvariant(),
        "replace" => Replace(Text(name, args, 0), Text(name, args, 1), Text(name, args, 2)),
        "sha256" => Sha256Hex(Text(name, args, 0)),
        "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(name, args, 0))),
        "hex" => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Text(name, args, 0))),
        "uuid" => Guid.NewGuid().ToString("D"),
        "unix_time" => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        "unix_time_millis" => now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        "timestamp" => GoTimeLayout.Format(now, Text(name, args, 0)),
        _ => throw new TemplateException($"function \"{name}\" not defined"),
    };

    private static string Random(long length) =>
        length is > 0 and <= MaxValueLength
            ? new string(RandomNumberGenerator.GetItems<char>(Base62, (int)length))
            : throw new TemplateException($"random: length must be between 1 and {MaxValueLength} but was {length}");

    private static string Truncate(long max, string text) =>
        max <= 0 ? throw new TemplateException($"truncate: max length must be > 0 but was {max}")
        : text.Length <= max ? text : text[..(int)max];

    private static string TruncateSha256(long max, string text)
    {
        const int hashLength = 8;
        if (max <= hashLength)
        {
            throw new TemplateException($"truncate_sha256: max length must be > {hashLength} but was {max}");
        }

        if (text.Length <= max)
        {
            return text;
        }

        var cut = (int)max - hashLength;
        return text[..cut] + Sha256Hex(text[cut..])[..hashLength];
    }

    private static string Replace(string old, string replacement, string text) =>
        old.Length == 0 ? throw new TemplateException("replace: the text to find cannot be empty") : text.Replace(old, replacement, StringComparison.Ordinal);

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Go's fmt verbs %s, %d and %%; anything else is refused rather than printed as Go's "%!x(...)".</summary>
    private static string Printf(string format, IReadOnlyList<object> args)
    {
        var builder = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                builder.Append(format[i]);
                continue;
            }

            var verb = i + 1 < format.Length ? format[++i] : throw new TemplateException("printf: format ends with a lone %");
            if (verb == '%')
            {
                builder.Append('%');
                continue;
            }

            if (verb is not ('s' or 'd'))
            {
                throw new TemplateException($"printf: only %s, %d and %% are supported, not %{verb}");
            }

            var arg = next < args.Count ? args[next++] : throw new TemplateException($"printf: missing argument for %{verb}");
            builder.Append(verb == 'd'
                ? arg is long number ? number.ToString(CultureInfo.InvariantCulture) : throw new TemplateException("printf: %d needs an integer argument")
                : Render(arg));
            if (builder.Length > MaxValueLength)
            {
                throw new TemplateException($"printf: output is longer than {MaxValueLength} characters");
            }
        }

        return next == args.Count ? builder.ToString() : throw new TemplateException($"printf: {args.Count - next} unused argument(s)");
    }

    public static string Render(object value) => value is long number ? number.ToString(CultureInfo.InvariantCulture) : (string)value;

    private static string Text(string name, IReadOnlyList<object> args, int index) =>
        args[index] as string ?? throw new TemplateException($"{name}: argument {index + 1} must be a string, not an integer");

    private static long Int(string name, IReadOnlyList<object> args, int index) =>
        args[index] is long number ? number : throw new TemplateException($"{name}: argument {index + 1} must be an integer, not a string");
}
