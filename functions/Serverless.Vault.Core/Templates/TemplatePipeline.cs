namespace Serverless.Vault.Core.Templates;

/// <summary>Commands joined by '|': each stage's value is passed as the last argument of the next.</summary>
internal sealed record TemplatePipeline(IReadOnlyList<TemplateCommand> Commands);
