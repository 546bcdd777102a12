using Microsoft.Extensions.Options;

namespace Serverless.Vault.Core.Audit;

/// <summary>
/// Enables <see cref="AuditOptions.StartupDevice"/> the first time this instance audits while unsealed, unless a device
/// of that type is already enabled. Costs one flag check per request afterwards.
/// </summary>
internal sealed class StartupAuditDevice
{
    private static readonly string[] AllowedTypes = ["stdout", "table"];

    private readonly AuditStore _store;
    private readonly string _type;
    private volatile bool _done;

    public StartupAuditDevice(AuditStore store, IOptions<AuditOptions> options)
    {
        _store = store;
        _type = options.Value.StartupDevice?.Trim() ?? "";
        if (_type.Length != 0 && !AllowedTypes.Contains(_type, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"Vault:Audit:StartupDevice '{_type}' is not one of: {string.Join(", ", AllowedTypes)} (or empty for none).");
        }

        _done = _type.Length == 0;
    }

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        if (!(await _store.GetFreshAsync(cancellationToken).ConfigureAwait(false)).Any(HasType))
        {
            await _store.UpdateAsync(
                table => table.Any(HasType) || table.Any(entry => entry.Path == _type + "/")
                    ? table
                    : [.. table, NewDevice()],
                cancellationToken).ConfigureAwait(false);
        }

        _done = true;
    }

    private bool HasType(AuditDeviceEntry entry) => string.Equals(entry.Type, _type, StringComparison.Ordinal);

    private AuditDeviceEntry NewDevice() => new()
    {
        Path = _type + "/",
        Type = _type,
        Description = "enabled at start-up (Vault:Audit:StartupDevice)",
        Uuid = Guid.NewGuid().ToString("D"),
        Salt = Guid.NewGuid().ToString("D"),
    };
}
