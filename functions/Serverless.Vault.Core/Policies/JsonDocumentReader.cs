using System.Text;
using System.Text.Json;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// Reads a JSON policy into the same <see cref="DocumentNode"/> tree as HCL, keeping positions so that semantic
/// errors (an unknown capability) point into the JSON text too. Duplicate keys are kept, as in HCL.
/// </summary>
internal sealed class JsonDocumentReader
{
    private readonly byte[] _utf8;
    private int _scanned;
    private int _line = 1;
    private int _column = 1;

    private JsonDocumentReader(byte[] utf8) => _utf8 = utf8;

    public static DocumentNode Read(string text)
    {
        var parser = new JsonDocumentReader(Encoding.UTF8.GetBytes(text));
        var reader = new Utf8JsonReader(parser._utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            reader.Read();
            var root = parser.ReadValue(ref reader);
            if (reader.Read())
            {
                var (line, column) = parser.PositionOf(reader.TokenStartIndex);
                throw new PolicyParseException(line, column, "unexpected content after the JSON document");
            }

            return root;
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            var reason = "invalid JSON: " + (cut > 0 ? message[..cut] : message);
            throw new PolicyParseException((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, reason);
        }
    }

    private DocumentNode ReadValue(ref Utf8JsonReader reader)
    {
        var (line, column) = PositionOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                CheckDepth(reader.CurrentDepth, line, column);
                var entries = new List<DocumentEntry>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (keyLine, keyColumn) = PositionOf(reader.TokenStartIndex);
                    var key = reader.GetString() ?? "";
                    reader.Read();
                    entries.Add(new DocumentEntry(key, keyLine, keyColumn, ReadValue(ref reader)));
                }

                return DocumentNode.Object(entries, line, column);
            case JsonTokenType.StartArray:
                CheckDepth(reader.CurrentDepth, line, column);
                var items = new List<DocumentNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return DocumentNode.List(items, line, column);
            case JsonTokenType.String:
                return DocumentNode.Scalar(DocumentNodeKind.String, reader.GetString() ?? "", line, column);
            case JsonTokenType.Number:
                return DocumentNode.Scalar(DocumentNodeKind.Number, Encoding.UTF8.GetString(reader.ValueSpan), line, column);
            case JsonTokenType.True or JsonTokenType.False:
                return DocumentNode.Scalar(DocumentNodeKind.Bool, reader.GetBoolean() ? "true" : "false", line, column);
            default:
                return DocumentNode.Scalar(DocumentNodeKind.Null, "", line, column);
        }
    }

    private static void CheckDepth(int depth, int line, int column)
    {
        // The JSON root object sits where the HCL body sits, so depth counts the same in both syntaxes.
        if (depth > PolicyLimits.MaxDepth)
        {
            throw new PolicyParseException(line, column, $"nesting deeper than {PolicyLimits.MaxDepth} levels");
        }
    }

    /// <summary>Line and UTF-16 column of a byte offset; offsets only grow, so the scan is incremental.</summary>
    private (int Line, int Column) PositionOf(long offset)
    {
        for (; _scanned < offset; _scanned++)
        {
            var b = _utf8[_scanned];
            if (b == (byte)'\n')
            {
                _line++;
                _column = 1;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // A lead byte starts one UTF-16 unit, or two for a 4-byte sequence (a surrogate pair).
                _column += (b & 0xF8) == 0xF0 ? 2 : 1;
            }
        }

        return (_line, _column);
    }
}
