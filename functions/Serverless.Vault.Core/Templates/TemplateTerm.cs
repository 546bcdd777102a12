namespace Serverless.Vault.Core.Templates;

/// <summary>One operand of a command: a literal, a field (<c>.RoleName</c>), a function name or a parenthesised pipeline.</summary>
internal sealed record TemplateTerm(TemplateTermKind Kind, string Text, long Number = 0, TemplatePipeline? Pipeline = null);
