namespace Serverless.Vault.Core.Policies;

/// <summary>A lexed token; <see cref="Text"/> is the unescaped value for strings.</summary>
internal readonly record struct HclToken(HclTokenKind Kind, string Text, int Line, int Column)
{
    public string Describe() => Kind switch
    {
        HclTokenKind.End => "end of input",
        HclTokenKind.String => $"string \"{Text}\"",
        HclTokenKind.Identifier => $"\"{Text}\"",
        HclTokenKind.Number => $"number {Text}",
        _ => $"'{Text}'",
    };
}
