using System.Globalization;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>
/// The "table" type, for the cloud: one append-only row per entry in physical storage (Table Storage), below
/// <c>audit/&lt;device uuid&gt;/&lt;yyyyMMddHH&gt;/</c>, so each hour of each device is one partition and rows sort by time.
/// Rows skip the barrier: their secrets are already HMAC'd, and an auditor reads them without the vault's keys.
/// </summary>
internal sealed class TableAuditDevice(IStorage physical, string uuid) : IAuditDevice
{
    public async ValueTask WriteAsync(AuditLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        await physical.PutAsync(Key(uuid, line), line.Bytes, PutCondition.NotExists, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row key: the hour folder, then time to the 100 ns tick, request id and entry type (unique per entry).</summary>
    public static string Key(string uuid, AuditLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var time = line.Time.UtcDateTime;
        var hour = time.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var tick = time.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);
        var requestId = line.RequestId.Replace('/', '_');
        return $"{BarrierPaths.AuditLog}/{uuid}/{hour}/{tick}-{requestId}-{line.Type}";
    }

    public void Dispose()
    {
    }
}
