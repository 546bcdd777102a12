namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// Which redirect URIs a role allows: an exact match, except that loopback URIs match on everything but the port, as
/// RFC 8252 7.3 asks (the CLI listens on whatever port is free) and Vault does.
/// </summary>
internal static class OidcRedirects
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static bool IsAllowed(string redirectUri, IReadOnlyList<string> allowed)
    {
        if (allowed.Contains(redirectUri, StringComparer.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var input) || !LoopbackHosts.Contains(input.Host, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        return allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var candidate) && WithoutPort(candidate) == WithoutPort(input));
    }

    private static string WithoutPort(Uri uri) => new UriBuilder(uri) { Port = -1 }.Uri.AbsoluteUri;
}
