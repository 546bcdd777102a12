using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Pipeline;

/// <summary>
/// Refuses request paths that could escape a mount or confuse storage: '.' and '..' segments, empty segments
/// (a single trailing '/' is allowed: it marks a list) and control characters.
/// </summary>
public static class PathRules
{
    /// <summary>Longest accepted request path, in characters (Azure's front end allows 4 KB URLs anyway).</summary>
    public const int MaxPathLength = 2048;

    public static void Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw VaultException.UnsupportedPath(path);
        }

        if (path.Length > MaxPathLength)
        {
            throw VaultException.InvalidRequest($"invalid path: longer than {MaxPathLength} characters");
        }

        if (path.Any(char.IsControl))
        {
            throw VaultException.InvalidRequest("invalid path: control characters are not allowed");
        }

        var body = path.EndsWith('/') ? path[..^1] : path;
        foreach (var segment in body.Split('/'))
        {
            if (segment.Length == 0)
            {
                throw VaultException.InvalidRequest("invalid path: empty path segments are not allowed");
            }

            if (segment is "." or "..")
            {
                throw VaultException.InvalidRequest("invalid path: '.' and '..' segments are not allowed");
            }
        }
    }
}
