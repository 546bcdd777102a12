namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>
/// The "file" type: one JSON line per entry appended to a file below the configured audit folder, written and flushed
/// under a lock so lines never interleave. A file moved or removed (log rotation) is created again at the next entry;
/// if that fails, the entry is not recorded and the broker fails the request closed.
/// </summary>
internal sealed class FileAuditDevice : IAuditDevice
{
    private readonly Lock _gate = new();
    private readonly string? _root;
    private readonly string _filePath;
    private readonly UnixFileMode? _mode;
    private FileStream? _stream;
    private string _path;

    /// <summary>Opens (creating) the file now, so an enable that cannot write fails at once.</summary>
    public FileAuditDevice(string? root, string filePath, UnixFileMode? mode)
    {
        _root = root;
        _filePath = filePath;
        _mode = mode;
        _path = AuditFilePath.Resolve(root, filePath);

        // As Vault, missing folders are created at enable; one that disappears later is not, so entries fail closed.
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _stream = Open();
    }

    public ValueTask WriteAsync(AuditLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_gate)
        {
            try
            {
                // One stat per entry: the file we hold may have been rotated away.
                if (_stream is null || !File.Exists(_path))
                {
                    _stream?.Dispose();
                    _stream = null;

                    // Checked again on every open: a folder on the way may have become a link since the enable.
                    _path = AuditFilePath.Resolve(_root, _filePath);
                    _stream = Open();
                }

                _stream.Write(line.Bytes);
                _stream.Flush();
            }
            catch
            {
                _stream?.Dispose();
                _stream = null;
                throw;
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private FileStream Open()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        };
        if (_mode is { } mode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        var stream = new FileStream(_path, options);
        if (_mode is { } existing && !OperatingSystem.IsWindows())
        {
            // As Vault: an existing file gets the configured mode too.
            File.SetUnixFileMode(stream.SafeFileHandle, existing);
        }

        return stream;
    }
}
