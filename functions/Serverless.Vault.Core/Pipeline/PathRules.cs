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

        // Spans, no allocation: this runs on every request. Control characters are Unicode's Cc category (char.IsControl).
        if (path.AsSpan().ContainsAnyInRange('\u0000', '\u001f') || path.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            throw VaultException.InvalidRequest("invalid path: control characters are not allowed");
        }

        var body = path.AsSpan();
        if (body[^1] == '/')
        {
            body = body[..^1];
        }

        var segmentStart = 0;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i < body.Length && body[i] != '/')
            {
                continue;
            }

            CheckSegment(body[segmentStart..i]);
            segmentStart = i + 1;
        }

    }

    private static void CheckSegment(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            throw VaultException.InvalidRequest("invalid path: empty path segments are not allowed");
        }

        if (segment is "." or "..")
        {
            throw VaultException.InvalidRequest("invalid path: '.' and '..' segments are not allowed");
        }
    }
}
