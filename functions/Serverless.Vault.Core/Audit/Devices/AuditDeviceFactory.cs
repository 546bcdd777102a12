using System.Globalization;
using Microsoft.Extensions.Options;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>Turns an audit table entry into a working device; a bad type or option is a 400 saying what to fix.</summary>
internal sealed class AuditDeviceFactory(IOptions<AuditOptions> options, StdoutAuditSink stdout, IStorage physical, TimeProvider time)
{
    /// <summary>The device types this server knows, for error messages.</summary>
    public const string KnownTypes = "\"file\", \"stdout\", \"table\"";

    /// <summary>Vault's default file mode: readable by the server's user only.</summary>
    private const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode ExecuteBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public IAuditDevice Create(AuditDeviceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Type switch
        {
            "file" => CreateFile(entry.Options),
            "stdout" => new StdoutAuditDevice(stdout),
            "table" => new TableAuditDevice(physical, entry.Uuid),
            _ => throw VaultException.InvalidRequest($"unknown backend type: \"{entry.Type}\" (this server has {KnownTypes})"),
        };
    }

    private IAuditDevice CreateFile(IReadOnlyDictionary<string, string> deviceOptions)
    {
        // "path" is the option's name before Vault 0.8; Vault still accepts it.
        var filePath = deviceOptions.GetValueOrDefault("file_path") ?? deviceOptions.GetValueOrDefault("path")
            ?? throw VaultException.InvalidRequest("file_path is required");
        switch (filePath)
        {
            case "stdout":
                return new StdoutAuditDevice(stdout);
            case "discard":
                return new DiscardAuditDevice();
        }

        var mode = Mode(deviceOptions.GetValueOrDefault("mode"));
        try
        {
            return new FileAuditDevice(options.Value.FileRoot, filePath, mode, time);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw VaultException.InvalidRequest($"sanity check failed; unable to open \"{filePath}\" for writing");
        }
    }

    /// <summary>Octal, default 0600; "0000" leaves the mode alone, as in Vault. Execute bits are refused (CVE-2025-6000).</summary>
    private static UnixFileMode? Mode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultMode;
        }

        int value;
        try
        {
            value = Convert.ToInt32(text, 8);
        }
        catch (Exception error) when (error is FormatException or OverflowException or ArgumentException)
        {
            throw VaultException.InvalidRequest($"unable to parse 'mode' \"{text}\": expected an octal file mode such as 0600");
        }

        if (value is < 0 or > 0x1FF)
        {
            throw VaultException.InvalidRequest($"'mode' {text.ToString(CultureInfo.InvariantCulture)} is not a file mode (0000 to 0777)");
        }

        var mode = (UnixFileMode)value;
        if ((mode & ExecuteBits) != 0)
        {
            throw VaultException.InvalidRequest("'mode' must not make the audit file executable");
        }

        return value == 0 ? null : mode;
    }
}
