namespace Serverless.Vault.Core.Storage;

public enum PutConditionKind
{
    None,
    NotExists,
    IfMatch,
}
