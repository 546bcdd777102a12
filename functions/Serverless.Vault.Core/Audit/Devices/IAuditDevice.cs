namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>Where one enabled device's lines go. Throws when the line could not be recorded.</summary>
internal interface IAuditDevice : IDisposable
{
    ValueTask WriteAsync(AuditLine line, CancellationToken cancellationToken);
}
