namespace Serverless.Vault.Load.Workloads;

/// <summary>The transit call a <see cref="TransitTest"/> sends.</summary>
internal enum TransitOperation
{
    Encrypt,
    Decrypt,
    Sign,
    Verify,
}
