namespace Serverless.Vault.Core.Framework;

/// <summary>
/// An error a client should see: its kind decides the status code, its messages go into <c>{"errors":[...]}</c>.
/// Messages must never contain a secret, token or password.
/// </summary>
public sealed class VaultException : Exception
{
    private VaultException(VaultErrorKind kind, IReadOnlyList<string> errors)
        : base(errors.Count > 0 ? errors[0] : kind.ToString())
    {
        Kind = kind;
        Errors = errors;
    }

    public VaultErrorKind Kind { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>Seconds a client should wait before retrying (429), when known.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Extra headers for the error answer (rate-limit headers on a 429).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static VaultException InvalidRequest(string message) => new(VaultErrorKind.InvalidRequest, [message]);

    public static VaultException PermissionDenied() => new(VaultErrorKind.PermissionDenied, ["permission denied"]);

    /// <summary>A 403 with Vault's own wording where it differs ("bad token" from a lookup of an unknown token).</summary>
    public static VaultException PermissionDenied(string message) => new(VaultErrorKind.PermissionDenied, [message]);

    /// <summary>404 with an empty error list: what Vault answers when a read or list finds nothing.</summary>
    public static VaultException NotFound() => new(VaultErrorKind.NotFound, []);

    public static VaultException UnsupportedPath(string path) =>
        new(VaultErrorKind.UnsupportedPath, [$"no handler for route \"{path}\". route entry not found."]);

    public static VaultException UnsupportedOperation() => new(VaultErrorKind.UnsupportedOperation, ["unsupported operation"]);

    public static VaultException UnsupportedMediaType(string message) => new(VaultErrorKind.UnsupportedMediaType, [message]);

    public static VaultException PayloadTooLarge(long limit) =>
        new(VaultErrorKind.PayloadTooLarge, [$"request body is too large: the limit is {limit} bytes"]);

    public static VaultException PreconditionFailed(string message) => new(VaultErrorKind.PreconditionFailed, [message]);

    public static VaultException Sealed() => new(VaultErrorKind.Sealed, ["Vault is sealed"]);

    public static VaultException NotInitialized() => new(VaultErrorKind.NotInitialized, ["Vault is not initialized"]);

    public static VaultException RateLimited(string message, int? retryAfterSeconds, IReadOnlyDictionary<string, string>? headers = null) =>
        new(VaultErrorKind.RateLimited, [message]) { RetryAfterSeconds = retryAfterSeconds, Headers = headers };

    /// <summary>503 for a transient failure (a deadline passed, a dependency is down): the client may retry.</summary>
    public static VaultException Unavailable(string message) => new(VaultErrorKind.Unavailable, [message]);

    public static VaultException Internal() => new(VaultErrorKind.Internal, ["internal error"]);
}
