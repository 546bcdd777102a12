namespace Serverless.Vault.Client.Auth;

/// <summary>The request every login method ends with: an unauthenticated POST whose answer carries an auth block.</summary>
internal static class VaultLogin
{
    /// <summary>
    /// Sends the login. The body holds a credential, so it never reaches an exception message: a refusal surfaces as
    /// <see cref="VaultApiException"/> naming the path and the vault's errors only. Logins are POSTs, which the
    /// client's retry policy never repeats (a single-use secret ID must not be spent twice).
    /// </summary>
    public static async Task<VaultAuthInfo> PostAsync(VaultClient client, string path, object body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.SendWithTokenAsync(HttpMethod.Post, path, body, null, cancellationToken).ConfigureAwait(false);
        return response?.Auth is { ClientToken.Length: > 0 } auth
            ? auth
            : throw new VaultApiException($"{path} answered without an auth block: is this a login path?");
    }

    /// <summary>The mount without surrounding slashes; an empty mount is a configuration mistake worth naming.</summary>
    public static string Mount(string mount, string method)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var trimmed = mount.Trim('/');
        return trimmed.Length > 0
            ? trimmed
            : throw new ArgumentException($"The {method} auth mount is empty: give the path the method is enabled at (for example \"{method}\").", nameof(mount));
    }
}
