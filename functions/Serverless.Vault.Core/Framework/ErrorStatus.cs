namespace Serverless.Vault.Core.Framework;

/// <summary>The one place that maps an error kind to Vault's HTTP status code.</summary>
public static class ErrorStatus
{
    public static int For(VaultErrorKind kind) => kind switch
    {
        VaultErrorKind.InvalidRequest => 400,
        VaultErrorKind.PermissionDenied => 403,
        VaultErrorKind.NotFound => 404,
        VaultErrorKind.UnsupportedPath => 404,
        VaultErrorKind.UnsupportedOperation => 405,
        VaultErrorKind.PreconditionFailed => 412,
        VaultErrorKind.PayloadTooLarge => 413,
        VaultErrorKind.UnsupportedMediaType => 415,
        VaultErrorKind.RateLimited => 429,
        VaultErrorKind.NotInitialized => 503,
        VaultErrorKind.Sealed => 503,
        VaultErrorKind.Unavailable => 503,
        _ => 500,
    };
}
