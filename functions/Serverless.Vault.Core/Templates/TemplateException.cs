namespace Serverless.Vault.Core.Templates;

/// <summary>A template that cannot be parsed or rendered; the message says what to fix.</summary>
internal sealed class TemplateException(string message) : Exception(message);
