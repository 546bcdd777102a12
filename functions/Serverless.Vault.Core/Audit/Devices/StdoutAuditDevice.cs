namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>The "stdout" type, and file_path "stdout" of the file type: one JSON line per entry on standard output.</summary>
internal sealed class StdoutAuditDevice(StdoutAuditSink sink) : IAuditDevice
{
    public ValueTask WriteAsync(AuditLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        sink.Write(line.Bytes);
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
    }
}
