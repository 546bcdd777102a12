using System.Globalization;
using System.Text;

namespace Serverless.Vault.Core.Templates;

/// <summary>
/// Parses the subset of Go's text/template that username templates use: text, <c>{{ }}</c> actions with trim markers
/// and comments, pipelines, parenthesised sub-pipelines, string and integer literals, fields and function calls.
/// Control structures and variables are refused. Functions and their argument counts are checked here.
/// </summary>
internal sealed class TemplateParser
{
    public const int MaxTemplateLength = 4096;
    public const int MaxDepth = 8;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "true", "false",
    };

    private readonly string _text;
    private readonly IReadOnlySet<string> _fields;
    private int _index;

    private TemplateParser(string text, IReadOnlySet<string> fields)
    {
        _text = text;
        _fields = fields;
    }

    public static IReadOnlyList<TemplatePart> Parse(string text, IReadOnlySet<string> fields)
    {
        if (text.Length == 0)
        {
            throw new TemplateException("missing template");
        }

        if (text.Length > MaxTemplateLength)
        {
            throw new TemplateException($"template is longer than {MaxTemplateLength} characters");
        }

        return new TemplateParser(text, fields).ParseParts();
    }

    private List<TemplatePart> ParseParts()
    {
        var parts = new List<TemplatePart>();
        var trimNext = false;
        while (_index < _text.Length)
        {
            var open = _text.IndexOf("{{", _index, StringComparison.Ordinal);
            var literal = open < 0 ? _text[_index..] : _text[_index..open];
            if (trimNext)
            {
                literal = literal.TrimStart();
            }

            var trimBefore = open >= 0 && open + 3 < _text.Length && _text[open + 2] == '-' && char.IsWhiteSpace(_text[open + 3]);
            if (trimBefore)
            {
                literal = literal.TrimEnd();
            }

            if (literal.Length > 0)
            {
                parts.Add(new TemplatePart(literal, null));
            }

            if (open < 0)
            {
                break;
            }

            _index = open + (trimBefore ? 3 : 2);
            SkipSpace();
            if (Peek("/*"))
            {
                var close = _text.IndexOf("*/", _index + 2, StringComparison.Ordinal);
                _index = close < 0 ? throw Error("unclosed comment") : close + 2;
                SkipSpace();
                trimNext = ExpectClose();
                continue;
            }

            var pipeline = ParsePipeline(0);
            trimNext = ExpectClose();
            parts.Add(new TemplatePart("", pipeline));
        }

        return parts;
    }

    private TemplatePipeline ParsePipeline(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"parentheses nested deeper than {MaxDepth} levels");
        }

        var commands = new List<TemplateCommand>();
        while (true)
        {
            var command = ParseCommand(depth, piped: commands.Count > 0);
            commands.Add(command);
            SkipSpace();
            if (!Peek("|"))
            {
                return new TemplatePipeline(commands);
            }

            _index++;
        }
    }

    private TemplateCommand ParseCommand(int depth, bool piped)
    {
        var terms = new List<TemplateTerm>();
        while (true)
        {
            SkipSpace();
            if (_index >= _text.Length)
            {
                throw Error("unclosed action: expected \"}}\"");
            }

            if (Peek("|") || Peek(")") || Peek("}}") || Peek("-}}"))
            {
                break;
            }

            terms.Add(ParseTerm(depth, isFirst: terms.Count == 0));
        }

        if (terms.Count == 0)
        {
            throw Error("missing value for command");
        }

        if (terms[0].Kind == TemplateTermKind.Function)
        {
            TemplateFunctions.CheckArity(terms[0].Text, terms.Count - 1 + (piped ? 1 : 0));
        }
        else if (piped)
        {
            throw Error($"non executable command in pipeline: {Describe(terms[0])} is not a function");
        }
        else if (terms.Count > 1)
        {
            throw Error($"can't give argument to non-function {Describe(terms[0])}");
        }

        return new TemplateCommand(terms);
    }

    private TemplateTerm ParseTerm(int depth, bool isFirst)
    {
        var c = _text[_index];
        if (c == '(')
        {
            _index++;
            var inner = ParsePipeline(depth + 1);
            SkipSpace();
            if (!Peek(")"))
            {
                throw Error("unclosed left paren");
            }

            _index++;
            return new TemplateTerm(TemplateTermKind.Pipeline, "", Pipeline: inner);
        }

        if (c is '"' or '`')
        {
            return new TemplateTerm(TemplateTermKind.String, ReadString(c));
        }

        if (char.IsAsciiDigit(c) || (c == '-' && _index + 1 < _text.Length && char.IsAsciiDigit(_text[_index + 1])))
        {
            var word = ReadWhile(_index + 1, ch => char.IsAsciiDigit(ch));
            return long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && Math.Abs(number) <= 1_000_000_000
                ? new TemplateTerm(TemplateTermKind.Number, word, number)
                : throw Error($"bad number syntax: {word}");
        }

        if (c == '.')
        {
            var field = ReadWhile(_index + 1, IsIdentifierPart)[1..];
            return field.Length == 0 ? throw Error("\".\" alone is not supported; use a field such as .RoleName")
                : _fields.Contains(field) ? new TemplateTerm(TemplateTermKind.Field, field)
                : throw Error($"unknown field .{field}; available: {string.Join(", ", _fields.Order(StringComparer.Ordinal).Select(f => "." + f))}");
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            var name = ReadWhile(_index + 1, IsIdentifierPart);
            if (Keywords.Contains(name))
            {
                throw Error($"\"{name}\" is not supported in username templates");
            }

            if (!TemplateFunctions.Exists(name))
            {
                throw Error($"function \"{name}\" not defined");
            }

            if (!isFirst)
            {
                // A function named as an argument is called with no arguments, as in Go.
                TemplateFunctions.CheckArity(name, 0);
            }

            return new TemplateTerm(TemplateTermKind.Function, name);
        }

        throw Error(c == '$' ? "variables are not supported in username templates" : $"unexpected \"{c}\" in action");
    }

    private string ReadString(char quote)
    {
        var builder = new StringBuilder();
        for (_index++; _index < _text.Length; _index++)
        {
            var c = _text[_index];
            if (c == quote)
            {
                _index++;
                return builder.ToString();
            }

            if (quote == '"' && c == '\n')
            {
                break;
            }

            if (quote == '"' && c == '\\' && _index + 1 < _text.Length)
            {
                _index++;
                builder.Append(_text[_index] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '\\' => '\\',
                    '"' => '"',
                    var other => throw Error($"unsupported escape \\{other} in string"),
                });
                continue;
            }

            builder.Append(c);
        }

        throw Error("unterminated quoted string");
    }

    private string ReadWhile(int from, Func<char, bool> predicate)
    {
        var end = from;
        while (end < _text.Length && predicate(_text[end]))
        {
            end++;
        }

        var word = _text[_index..end];
        _index = end;
        return word;
    }

    private bool ExpectClose()
    {
        SkipSpace();
        if (Peek("-}}"))
        {
            _index += 3;
            return true;
        }

        if (Peek("}}"))
        {
            _index += 2;
            return false;
        }

        throw Error(_index >= _text.Length ? "unclosed action: expected \"}}\"" : $"unexpected \"{_text[_index]}\" in action");
    }

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string Describe(TemplateTerm term) => term.Kind switch
    {
        TemplateTermKind.String => $"\"{term.Text}\"",
        TemplateTermKind.Field => "." + term.Text,
        TemplateTermKind.Pipeline => "a parenthesised pipeline",
        _ => term.Text,
    };

    private bool Peek(string token) => string.CompareOrdinal(_text, _index, token, 0, token.Length) == 0;

    private void SkipSpace()
    {
        while (_index < _text.Length && char.IsWhiteSpace(_text[_index]))
        {
            _index++;
        }
    }

    private TemplateException Error(string reason) => new($"template: position {_index + 1}: {reason}");
}
