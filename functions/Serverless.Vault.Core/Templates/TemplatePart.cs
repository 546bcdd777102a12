namespace Serverless.Vault.Core.Templates;

/// <summary>Literal text, or an action (<c>{{ ... }}</c>) whose value is written out.</summary>
internal sealed record TemplatePart(string Text, TemplatePipeline? Action);
