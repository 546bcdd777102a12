namespace Serverless.Vault.Core.Policies;

/// <summary>
/// A value of a policy document, from either syntax, with its position. Objects keep duplicate keys in order
/// because HCL repeats block names (<c>path "a" {}</c> <c>path "b" {}</c>).
/// </summary>
internal sealed class DocumentNode
{
    private DocumentNode(DocumentNodeKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    public DocumentNodeKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The string value, the number's literal text, or "true"/"false".</summary>
    public string Text { get; private init; } = "";

    public IReadOnlyList<DocumentNode> Items { get; private init; } = [];

    public IReadOnlyList<DocumentEntry> Entries { get; private init; } = [];

    public static DocumentNode Scalar(DocumentNodeKind kind, string text, int line, int column) =>
        new(kind, line, column) { Text = text };

    public static DocumentNode List(IReadOnlyList<DocumentNode> items, int line, int column) =>
        new(DocumentNodeKind.List, line, column) { Items = items };

    public static DocumentNode Object(IReadOnlyList<DocumentEntry> entries, int line, int column) =>
        new(DocumentNodeKind.Object, line, column) { Entries = entries };

    public string Describe() => Describe(Kind);

    public static string Describe(DocumentNodeKind kind) => kind switch
    {
        DocumentNodeKind.String => "a string",
        DocumentNodeKind.Number => "a number",
        DocumentNodeKind.Bool => "a bool",
        DocumentNodeKind.Null => "null",
        DocumentNodeKind.List => "a list",
        _ => "an object",
    };
}
