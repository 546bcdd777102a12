using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit;

/// <summary>An enabled device in use on this instance: its table entry, its output and its formatter.</summary>
internal sealed class ActiveAuditDevice(AuditDeviceEntry entry, IAuditDevice? device)
{
    private readonly AuditDeviceSettings _settings = AuditDeviceSettings.Parse(entry.Options);
    private AuditEntryFormatter? _formatter;

    public AuditDeviceEntry Entry => entry;

    /// <summary>Null when the device could not be opened on this instance: every entry then counts as not recorded.</summary>
    public IAuditDevice? Device => device;

    private AuditEntryFormatter Formatter => _formatter ??= new AuditEntryFormatter(_settings, new AuditHasher(entry.Salt, _settings.LogRaw));

    public AuditLine RequestLine(VaultRequest request, string? error, DateTimeOffset time) =>
        new(AuditJson.Line(_settings.Prefix, Formatter.Request(request, error, time)), time, request.RequestId, "request");

    public AuditLine ResponseLine(VaultRequest request, VaultResponse? response, string? error, DateTimeOffset time) =>
        new(AuditJson.Line(_settings.Prefix, Formatter.Response(request, response, error, time)), time, request.RequestId, "response");
}
