using System.Text;

namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>
/// The process's standard output, shared by every stdout device. One call per line under one lock, through the same
/// synchronised writer the console logger uses, so lines never interleave; the Function App host forwards standard
/// output to Application Insights.
/// </summary>
public sealed class StdoutAuditSink(TextWriter writer)
{
    private readonly Lock _gate = new();

    /// <summary>Writes one complete line (it already ends in a newline) and flushes it.</summary>
    public void Write(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        lock (_gate)
        {
            writer.Write(text);
            writer.Flush();
        }
    }
}
