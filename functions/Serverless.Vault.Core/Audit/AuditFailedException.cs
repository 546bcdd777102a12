namespace Serverless.Vault.Core.Audit;

/// <summary>No enabled audit device could record an entry; the request must fail with nothing returned.</summary>
public sealed class AuditFailedException : Exception
{
    public AuditFailedException()
        : base("no audit device could record the request")
    {
    }

    public AuditFailedException(string message)
        : base(message)
    {
    }

    public AuditFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
