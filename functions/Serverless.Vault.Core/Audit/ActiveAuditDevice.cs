using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit;

/// <summary>An enabled device in use on this instance: its table entry, its output and its formatter.</summary>
internal sealed class ActiveAuditDevice : IDisposable
{
    private readonly AuditDeviceSettings _settings;
    private readonly AuditHasher _hasher;
    private readonly AuditEntryFormatter _formatter;

    public ActiveAuditDevice(AuditDeviceEntry entry, IAuditDevice? device)
    {
        Entry = entry;
        Device = device;
        _settings = AuditDeviceSettings.Parse(entry.Options);
        _hasher = new AuditHasher(entry.Salt, _settings.LogRaw);
        _formatter = new AuditEntryFormatter(_settings, _hasher);
    }

    public AuditDeviceEntry Entry { get; }

    /// <summary>Null when the device could not be opened on this instance: every entry then counts as not recorded.</summary>
    public IAuditDevice? Device { get; }

    public AuditLine RequestLine(VaultRequest request, string? error, DateTimeOffset time) =>
        new(_formatter.Request(request, error, time), time, request.RequestId, "request");

    public AuditLine ResponseLine(VaultRequest request, VaultResponse? response, string? error, DateTimeOffset time) =>
        new(_formatter.Response(request, response, error, time), time, request.RequestId, "response");

    public void Dispose()
    {
        Device?.Dispose();
        _hasher.Dispose();
    }
}
