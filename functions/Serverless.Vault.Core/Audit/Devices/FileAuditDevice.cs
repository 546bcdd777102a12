namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>
/// The "file" type: one JSON line per entry appended to a file below the configured audit folder. Concurrent entries
/// are written together in one write and flush (<see cref="GroupCommit"/>), whole lines only, so lines never interleave.
/// Whether the file is still there is checked at most once per <see cref="RotationCheckInterval"/> (a stat per write
/// cost a quarter of a KV read's throughput): a file moved or removed (log rotation) is created again within that
/// interval, and if that fails, entries are not recorded and the broker fails requests closed. Vault itself only
/// reopens on SIGHUP.
/// </summary>
internal sealed class FileAuditDevice : IAuditDevice
{
    /// <summary>How long a moved or removed file may go unnoticed; entries meanwhile go to the moved file (or are lost with a deleted one).</summary>
    public static readonly TimeSpan RotationCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly string? _root;
    private readonly string _filePath;
    private readonly UnixFileMode? _mode;
    private readonly GroupCommit _commits;
    private readonly TimeProvider _time;
    private DateTimeOffset _nextCheck;
    private FileStream? _stream;
    private bool _disposed;
    private string _path;

    /// <summary>Opens (creating) the file now, so an enable that cannot write fails at once.</summary>
    public FileAuditDevice(string? root, string filePath, UnixFileMode? mode, TimeProvider time)
    {
        _time = time;
        _root = root;
        _filePath = filePath;
        _mode = mode;
        _commits = new GroupCommit(WriteBatch);
        _path = AuditFilePath.Resolve(root, filePath);

        // As Vault, missing folders are created at enable; one that disappears later is not, so entries fail closed.
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _stream = Open();
        _nextCheck = time.GetUtcNow() + RotationCheckInterval;
    }

    public ValueTask WriteAsync(AuditLine line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new ValueTask(_commits.WriteAsync(line.Bytes));
    }

    /// <summary>Appends a batch of lines with one write and one flush; called by one thread at a time.</summary>
    private void WriteBatch(IReadOnlyList<byte[]> lines)
    {
        lock (_gate)
        {
            // A device disabled while entries were queued: they are not recorded, and the file is not opened again.
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                // The file we hold may have been rotated away: looked at once per interval, not on every write.
                if (_stream is null || (DueForCheck() && !File.Exists(_path)))
                {
                    _stream?.Dispose();
                    _stream = null;

                    // Checked again on every open: a folder on the way may have become a link since the enable.
                    _path = AuditFilePath.Resolve(_root, _filePath);
                    _stream = Open();
                }

                foreach (var bytes in lines)
                {
                    _stream.Write(bytes);
                }

                _stream.Flush();
            }
            catch
            {
                _stream?.Dispose();
                _stream = null;
                throw;
            }
        }
    }

    private bool DueForCheck()
    {
        var now = _time.GetUtcNow();
        if (now < _nextCheck)
        {
            return false;
        }

        _nextCheck = now + RotationCheckInterval;
        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
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
            BufferSize = 64 * 1024,
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
