using System.Globalization;
using System.Text;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// Tokens of the HCL subset policies use: identifiers, double-quoted strings, numbers, <c>{ } [ ] = ,</c> and the
/// three comment styles. Heredocs and interpolation are not policy syntax and are rejected or kept literally.
/// </summary>
internal sealed class HclLexer(string text)
{
    private int _index;
    private int _line = 1;
    private int _lineStart;

    public HclToken Next()
    {
        SkipTrivia();
        var line = _line;
        var column = Column;
        if (_index >= text.Length)
        {
            return new HclToken(HclTokenKind.End, "", line, column);
        }

        var c = text[_index];
        var single = c switch
        {
            '{' => HclTokenKind.LeftBrace,
            '}' => HclTokenKind.RightBrace,
            '[' => HclTokenKind.LeftBracket,
            ']' => HclTokenKind.RightBracket,
            '=' => HclTokenKind.Equals,
            ',' => HclTokenKind.Comma,
            _ => (HclTokenKind?)null,
        };
        if (single is { } kind)
        {
            _index++;
            return new HclToken(kind, c.ToString(), line, column);
        }

        if (c == '"')
        {
            return new HclToken(HclTokenKind.String, ReadString(line, column), line, column);
        }

        if (char.IsAsciiDigit(c) || (c == '-' && _index + 1 < text.Length && char.IsAsciiDigit(text[_index + 1])))
        {
            return new HclToken(HclTokenKind.Number, ReadNumber(line, column), line, column);
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = _index;
            while (_index < text.Length && IsIdentifierPart(text[_index]))
            {
                _index++;
            }

            return new HclToken(HclTokenKind.Identifier, text[start.._index], line, column);
        }

        throw Error(line, column, $"unexpected character {Show(c)}");
    }

    private int Column => _index - _lineStart + 1;

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static string Show(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format
            ? $"U+{(int)c:X4}"
            : $"'{c}'";

    private static PolicyParseException Error(int line, int column, string reason) => new(line, column, reason);

    private void SkipTrivia()
    {
        while (_index < text.Length)
        {
            var c = text[_index];
            if (c == '\n')
            {
                _index++;
                _line++;
                _lineStart = _index;
            }
            else if (c is ' ' or '\t' or '\r')
            {
                _index++;
            }
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (_index < text.Length && text[_index] != '\n')
                {
                    _index++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int offset) => _index + offset < text.Length ? text[_index + offset] : '\0';

    private void SkipBlockComment()
    {
        var line = _line;
        var column = Column;
        _index += 2;
        while (_index < text.Length)
        {
            if (text[_index] == '*' && Peek(1) == '/')
            {
                _index += 2;
                return;
            }

            if (text[_index] == '\n')
            {
                _line++;
                _lineStart = _index + 1;
            }

            _index++;
        }

        throw Error(line, column, "unterminated comment: '/*' has no closing '*/'");
    }

    private string ReadString(int line, int column)
    {
        _index++;
        var value = new StringBuilder();
        while (true)
        {
            if (_index >= text.Length || text[_index] == '\n')
            {
                throw Error(line, column, "unterminated string: a closing '\"' is missing on this line");
            }

            var c = text[_index];
            if (c == '"')
            {
                _index++;
                return value.ToString();
            }

            if (char.IsControl(c) && c != '\t')
            {
                throw Error(_line, Column, $"control character {Show(c)} in string; write it as an escape");
            }

            if (c == '\\')
            {
                ReadEscape(value);
                continue;
            }

            value.Append(c);
            _index++;
        }
    }

    private void ReadEscape(StringBuilder value)
    {
        var line = _line;
        var column = Column;
        var c = Peek(1);
        _index += 2;
        switch (c)
        {
            case '"' or '\\' or '/':
                value.Append(c);
                break;
            case 'n':
                value.Append('\n');
                break;
            case 't':
                value.Append('\t');
                break;
            case 'r':
                value.Append('\r');
                break;
            case 'u':
                value.Append(ReadHex(4, line, column));
                break;
            case 'U':
                value.Append(ReadHex(8, line, column));
                break;
            default:
                throw Error(line, column, $"unknown escape sequence '\\{c}'");
        }
    }

    private string ReadHex(int digits, int line, int column)
    {
        if (_index + digits > text.Length
            || !int.TryParse(text.AsSpan(_index, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || !Rune.IsValid(code))
        {
            throw Error(line, column, $"invalid escape: '\\{(digits == 4 ? 'u' : 'U')}' needs {digits} hex digits of a valid code point");
        }

        _index += digits;
        return new Rune(code).ToString();
    }

    private string ReadNumber(int line, int column)
    {
        var start = _index;
        if (text[_index] == '-')
        {
            _index++;
        }

        SkipDigits();
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _index++;
            SkipDigits();
        }

        if (Peek(0) is 'e' or 'E')
        {
            _index++;
            if (Peek(0) is '+' or '-')
            {
                _index++;
            }

            if (!char.IsAsciiDigit(Peek(0)))
            {
                throw Error(line, column, "invalid number: the exponent has no digits");
            }

            SkipDigits();
        }

        if (_index < text.Length && IsIdentifierPart(text[_index]))
        {
            throw Error(line, column, $"invalid number \"{text[start..(_index + 1)]}\"; quote durations such as \"1h\"");
        }

        return text[start.._index];
    }

    private void SkipDigits()
    {
        while (_index < text.Length && char.IsAsciiDigit(text[_index]))
        {
            _index++;
        }
    }
}
