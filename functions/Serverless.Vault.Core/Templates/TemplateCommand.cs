namespace Serverless.Vault.Core.Templates;

/// <summary>One stage of a pipeline: a function and its arguments, or a single value.</summary>
internal sealed record TemplateCommand(IReadOnlyList<TemplateTerm> Terms);
