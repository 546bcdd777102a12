namespace Serverless.Vault.Core.Policies;

/// <summary>
/// Recursive descent over the HCL subset of policies. <c>key "label" { body }</c> becomes
/// <c>key = { "label" = { body } }</c>, as HCL 1 decodes blocks; commas between items are optional.
/// </summary>
internal sealed class HclParser
{
    private readonly HclLexer _lexer;
    private HclToken _current;

    private HclParser(string text)
    {
        _lexer = new HclLexer(text);
        _current = _lexer.Next();
    }

    public static DocumentNode Parse(string text) => new HclParser(text).ParseBody(null, 0);

    private static PolicyParseException Error(HclToken at, string reason) => new(at.Line, at.Column, reason);

    private void Advance() => _current = _lexer.Next();

    /// <summary>Items up to the closing brace of <paramref name="open"/>, or to the end for the document.</summary>
    private DocumentNode ParseBody(HclToken? open, int depth)
    {
        var entries = new List<DocumentEntry>();
        while (true)
        {
            if (_current.Kind == HclTokenKind.Comma)
            {
                Advance();
                continue;
            }

            if (open is null && _current.Kind == HclTokenKind.End)
            {
                return DocumentNode.Object(entries, 1, 1);
            }

            if (open is { } brace && _current.Kind == HclTokenKind.RightBrace)
            {
                Advance();
                return DocumentNode.Object(entries, brace.Line, brace.Column);
            }

            if (open is { } unclosed && _current.Kind == HclTokenKind.End)
            {
                throw Error(_current, $"expected '}}' to close the '{{' at line {unclosed.Line}, column {unclosed.Column}");
            }

            entries.Add(ParseItem(depth));
        }
    }

    private DocumentEntry ParseItem(int depth)
    {
        var key = _current;
        if (key.Kind is not (HclTokenKind.Identifier or HclTokenKind.String))
        {
            throw Error(key, $"expected a key, found {key.Describe()}");
        }

        Advance();
        var labels = new List<HclToken>();
        while (_current.Kind == HclTokenKind.String)
        {
            labels.Add(_current);
            Advance();
        }

        DocumentNode value;
        if (labels.Count == 0 && _current.Kind == HclTokenKind.Equals)
        {
            Advance();
            value = ParseValue(depth);
        }
        else if (_current.Kind == HclTokenKind.LeftBrace)
        {
            // Each label is one object level, as the JSON form of the same block has.
            value = ParseObject(depth + labels.Count + 1);
            for (var i = labels.Count - 1; i >= 0; i--)
            {
                var label = labels[i];
                value = DocumentNode.Object([new DocumentEntry(label.Text, label.Line, label.Column, value)], label.Line, label.Column);
            }
        }
        else
        {
            var after = labels.Count == 0 ? key.Text : labels[^1].Text;
            throw Error(_current, labels.Count == 0 ? $"expected '=' after \"{after}\"" : $"expected '{{' after \"{after}\"");
        }

        return new DocumentEntry(key.Text, key.Line, key.Column, value);
    }

    private DocumentNode ParseValue(int depth)
    {
        var token = _current;
        switch (token.Kind)
        {
            case HclTokenKind.String:
                Advance();
                return DocumentNode.Scalar(DocumentNodeKind.String, token.Text, token.Line, token.Column);
            case HclTokenKind.Number:
                Advance();
                return DocumentNode.Scalar(DocumentNodeKind.Number, token.Text, token.Line, token.Column);
            case HclTokenKind.Identifier when token.Text is "true" or "false":
                Advance();
                return DocumentNode.Scalar(DocumentNodeKind.Bool, token.Text, token.Line, token.Column);
            case HclTokenKind.LeftBracket:
                return ParseList(depth + 1);
            case HclTokenKind.LeftBrace:
                return ParseObject(depth + 1);
            default:
                throw Error(token, $"expected a value (string, number, bool, list or object), found {token.Describe()}");
        }
    }

    private DocumentNode ParseObject(int depth)
    {
        var open = _current;
        CheckDepth(open, depth);
        Advance();
        return ParseBody(open, depth);
    }

    private DocumentNode ParseList(int depth)
    {
        var open = _current;
        CheckDepth(open, depth);
        Advance();
        var items = new List<DocumentNode>();
        while (_current.Kind != HclTokenKind.RightBracket)
        {
            if (_current.Kind == HclTokenKind.End)
            {
                throw Error(_current, $"expected ']' to close the '[' at line {open.Line}, column {open.Column}");
            }

            items.Add(ParseValue(depth));
            if (_current.Kind == HclTokenKind.Comma)
            {
                Advance();
            }
            else if (_current.Kind != HclTokenKind.RightBracket)
            {
                throw Error(_current, $"expected ',' or ']' after a list element, found {_current.Describe()}");
            }
        }

        Advance();
        return DocumentNode.List(items, open.Line, open.Column);
    }

    private static void CheckDepth(HclToken at, int depth)
    {
        if (depth > PolicyLimits.MaxDepth)
        {
            throw Error(at, $"nesting deeper than {PolicyLimits.MaxDepth} levels");
        }
    }
}
