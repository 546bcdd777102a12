namespace Serverless.Vault.Core.Policies;

/// <summary>The value kinds HCL and JSON policy documents share.</summary>
internal enum DocumentNodeKind
{
    String,
    Number,
    Bool,
    Null,
    List,
    Object,
}
