namespace Serverless.Vault.Core.Templates;

internal enum TemplateTermKind
{
    String,
    Number,
    Field,
    Function,
    Pipeline,
}
