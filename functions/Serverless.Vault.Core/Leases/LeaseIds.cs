using System.Security.Cryptography;

namespace Serverless.Vault.Core.Leases;

/// <summary>Lease ids as Vault makes them: the request path, '/', 24 random base62 characters.</summary>
public static class LeaseIds
{
    /// <summary>The id of a token's own lease: its creating path and its storage key (never the token itself).</summary>
    public static string OfToken(string tokenPath, string tokenKey) => tokenPath.TrimEnd('/') + "/h" + tokenKey;

    public const int SuffixLength = 24;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string requestPath)
    {
        ArgumentNullException.ThrowIfNull(requestPath);
        return requestPath.TrimEnd('/') + "/" + RandomNumberGenerator.GetString(Base62, SuffixLength);
    }

    public static string Suffix(string leaseId)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        return leaseId[(leaseId.LastIndexOf('/') + 1)..];
    }

    /// <summary>
    /// True for an id this vault could have issued: a path and a suffix, no empty, "." or ".." segment. Anything else is
    /// refused before it is used as a storage key.
    /// </summary>
    public static bool IsWellFormed(string leaseId) =>
        leaseId.Length is > 0 and <= 1024
        && leaseId.Contains('/', StringComparison.Ordinal)
        && leaseId.Split('/').All(s => s.Length > 0 && s != "." && s != ".." && !s.Any(char.IsControl));
}
