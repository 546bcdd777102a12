namespace Serverless.Vault.Core.Framework;

/// <summary>The closed vocabulary of errors; <see cref="ErrorStatus"/> maps each to Vault's status code once.</summary>
public enum VaultErrorKind
{
    InvalidRequest,
    PermissionDenied,
    NotFound,
    UnsupportedOperation,
    UnsupportedPath,
    UnsupportedMediaType,
    PayloadTooLarge,
    PreconditionFailed,
    Sealed,
    NotInitialized,
    RateLimited,
    Unavailable,
    Internal,
}
