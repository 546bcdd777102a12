using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit.Devices;

/// <summary>
/// Confines a file device's file_path to the folder the server configuration names (CVE-2025-6000: a file_path
/// chosen through the API must not reach the server's own files). Relative paths are taken from that folder; ".."
/// segments, absolute paths elsewhere and symbolic links that lead elsewhere are refused.
/// </summary>
internal static class AuditFilePath
{
    /// <summary>The longest chain of symbolic links followed before giving up (Linux's own limit is 40).</summary>
    private const int MaxLinkDepth = 40;

    /// <summary>The real (link-free) full path of the audit file, or a 400 saying why the path is refused.</summary>
    public static string Resolve(string? root, string filePath)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw VaultException.InvalidRequest(
                "the file audit device is disabled on this server: its operator must set Vault:Audit:FileRoot to the folder audit files may be written in (or use file_path \"stdout\")");
        }

        if (filePath.Length == 0 || filePath.Contains('\0', StringComparison.Ordinal))
        {
            throw VaultException.InvalidRequest("file_path is required");
        }

        if (filePath.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw VaultException.InvalidRequest("file_path must not contain \"..\" segments");
        }

        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var rootReal = RealPath(rootFull, 0);
        var full = Path.GetFullPath(Path.IsPathRooted(filePath) ? filePath : Path.Combine(rootReal, filePath));
        if (!IsUnder(full, rootFull) && !IsUnder(full, rootReal))
        {
            throw VaultException.InvalidRequest("file_path must lie in the audit folder configured on the server (Vault:Audit:FileRoot)");
        }

        var real = RealPath(full, 0);
        if (!IsUnder(real, rootReal))
        {
            throw VaultException.InvalidRequest("file_path leads out of the audit folder configured on the server through a symbolic link");
        }

        if (Directory.Exists(real))
        {
            throw VaultException.InvalidRequest("file_path names a folder, not a file");
        }

        return real;
    }

    private static bool IsUnder(string path, string folder) =>
        path.Length > folder.Length + 1
        && path.StartsWith(folder, StringComparison.Ordinal)
        && (path[folder.Length] == Path.DirectorySeparatorChar || folder.EndsWith(Path.DirectorySeparatorChar));

    /// <summary>The path with every symbolic link along it resolved; the part that does not exist yet is kept as it is.</summary>
    private static string RealPath(string full, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw VaultException.InvalidRequest("file_path has too many levels of symbolic links");
        }

        var current = Path.GetPathRoot(full) ?? "";
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                // A relative target is relative to the link's folder; the target may itself hold links.
                next = RealPath(Path.GetFullPath(target, current), depth + 1);
            }

            current = next;
        }

        return current;
    }
}
