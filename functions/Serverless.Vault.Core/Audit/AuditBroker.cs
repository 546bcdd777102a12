using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit;

/// <summary>
/// Writes each entry to every enabled device; succeeds when at least one recorded it and otherwise throws
/// <see cref="AuditFailedException"/> (fail closed). With no device enabled it costs one cached table lookup.
/// Entries never reach the application log; a failing device is logged by path and error type only.
/// </summary>
internal sealed partial class AuditBroker(AuditStore store, StartupAuditDevice startupDevice, AuditDeviceFactory factory, IBarrier barrier, TimeProvider time, ILogger<AuditBroker> logger)
    : IAuditBroker, IDisposable
{
    private readonly Lock _gate = new();
    private volatile DeviceSet _active = new([], []);

    public async ValueTask LogRequestAsync(VaultRequest request, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var devices = await DevicesAsync(cancellationToken).ConfigureAwait(false);
        if (devices.Count > 0)
        {
            var now = time.GetUtcNow();
            await WriteAsync(devices, device => device.RequestLine(request, error, now)).ConfigureAwait(false);
        }
    }

    public async ValueTask LogResponseAsync(VaultRequest request, VaultResponse? response, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var devices = await DevicesAsync(cancellationToken).ConfigureAwait(false);
        if (devices.Count > 0)
        {
            var now = time.GetUtcNow();
            await WriteAsync(devices, device => device.ResponseLine(request, response, error, now)).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var device in _active.Devices)
            {
                device.Dispose();
            }

            _active = new([], []);
        }
    }

    private async Task WriteAsync(IReadOnlyList<ActiveAuditDevice> devices, Func<ActiveAuditDevice, AuditLine> format)
    {
        var recorded = 0;
        foreach (var device in devices)
        {
            if (device.Device is null)
            {
                continue;
            }

            try
            {
                // Not abandoned when the client goes away: the entry is part of the request's record.
                await device.Device.WriteAsync(format(device), CancellationToken.None).ConfigureAwait(false);
                recorded++;
            }
            catch (Exception error)
            {
                LogDeviceFailed(logger, device.Entry.Path, error.GetType().Name);
            }
        }

        if (recorded == 0)
        {
            throw new AuditFailedException();
        }
    }

    /// <summary>
    /// The devices of the current table, opened once per table version on this instance. A ValueTask: it runs twice per
    /// request and almost always completes at once from the cached table, so it should not allocate a task each time.
    /// </summary>
    private async ValueTask<IReadOnlyList<ActiveAuditDevice>> DevicesAsync(CancellationToken cancellationToken)
    {
        // Sealed or not initialised: there is no audit table to read, and only unaudited paths are served.
        if (barrier.IsSealed)
        {
            return [];
        }

        IReadOnlyList<AuditDeviceEntry> table;
        try
        {
            await startupDevice.EnsureAsync(cancellationToken).ConfigureAwait(false);
            table = await store.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SealedException)
        {
            return [];
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Whether devices are enabled is unknown: fail closed.
            LogTableUnreadable(logger, error.GetType().Name);
            throw new AuditFailedException("the audit table could not be read");
        }

        var active = _active;
        return ReferenceEquals(active.Table, table) ? active.Devices : Activate(table);
    }

    private IReadOnlyList<ActiveAuditDevice> Activate(IReadOnlyList<AuditDeviceEntry> table)
    {
        lock (_gate)
        {
            var current = _active;
            if (ReferenceEquals(current.Table, table))
            {
                return current.Devices;
            }

            var kept = current.Devices.Where(d => d.Device is not null).ToDictionary(d => d.Entry.Uuid, StringComparer.Ordinal);
            var next = table.Select(entry => kept.Remove(entry.Uuid, out var open) ? open : Open(entry)).ToArray();
            foreach (var removed in kept.Values)
            {
                removed.Dispose();
            }

            _active = new DeviceSet(table, next);
            return next;
        }
    }

    private ActiveAuditDevice Open(AuditDeviceEntry entry)
    {
        try
        {
            return new ActiveAuditDevice(entry, factory.Create(entry));
        }
        catch (Exception error)
        {
            // E.g. a file device whose folder this instance's configuration does not allow: its entries are not
            // recorded here, and if it is the only device the instance's requests fail closed.
            LogDeviceUnavailable(logger, entry.Path, error.GetType().Name);
            return new ActiveAuditDevice(entry, null);
        }
    }

    private sealed record DeviceSet(IReadOnlyList<AuditDeviceEntry> Table, IReadOnlyList<ActiveAuditDevice> Devices);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit device {DevicePath} could not record an entry ({ErrorType})")]
    private static partial void LogDeviceFailed(ILogger logger, string devicePath, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit device {DevicePath} cannot be used on this instance ({ErrorType})")]
    private static partial void LogDeviceUnavailable(ILogger logger, string devicePath, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit table could not be read ({ErrorType})")]
    private static partial void LogTableUnreadable(ILogger logger, string errorType);
}
