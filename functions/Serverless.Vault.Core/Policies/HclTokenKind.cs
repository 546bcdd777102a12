namespace Serverless.Vault.Core.Policies;

internal enum HclTokenKind
{
    Identifier,
    String,
    Number,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Equals,
    Comma,
    End,
}
