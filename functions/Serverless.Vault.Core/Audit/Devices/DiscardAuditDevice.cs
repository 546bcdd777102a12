namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>file_path "discard": entries are formatted and dropped (Vault's device for testing the pipeline).</summary>
internal sealed class DiscardAuditDevice : IAuditDevice
{
    public ValueTask WriteAsync(AuditLine line, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose()
    {
    }
}
