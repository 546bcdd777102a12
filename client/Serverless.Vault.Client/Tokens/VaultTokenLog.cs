using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Client.Tokens;

/// <summary>The token manager's log lines: accessors and durations only, never a token or a login credential.</summary>
internal static partial class VaultTokenLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Logged in to the vault with {AuthMethod}; token accessor {Accessor}, TTL {TtlSeconds} s, renewable {Renewable}")]
    public static partial void LoggedIn(ILogger logger, string authMethod, string? accessor, long ttlSeconds, bool renewable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login to the vault with {AuthMethod} failed")]
    public static partial void LoginFailed(ILogger logger, Exception exception, string authMethod);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed the vault token {Accessor} for {TtlSeconds} s; capped by its max TTL: {MaxTtlNear}")]
    public static partial void Renewed(ILogger logger, string? accessor, long ttlSeconds, bool maxTtlNear);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vault refused to renew token {Accessor} ({StatusCode})")]
    public static partial void RenewalRefused(ILogger logger, string? accessor, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Logging in to the vault again before token {Accessor} expires")]
    public static partial void LoggingInAgain(ILogger logger, string? accessor);

    [LoggerMessage(Level = LogLevel.Information, Message = "The vault no longer accepts token {Accessor}; logging in again")]
    public static partial void DeadToken(ILogger logger, string? accessor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vault token {Accessor} cannot be renewed further and the auth method cannot log in again; it expires in {TtlSeconds} s")]
    public static partial void CannotRefresh(ILogger logger, string? accessor, long ttlSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing vault token {Accessor} failed; trying again in {RetryInSeconds} s (0: at the next request)")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string? accessor, long retryInSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked vault token {Accessor}")]
    public static partial void Revoked(ILogger logger, string? accessor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking vault token {Accessor} failed")]
    public static partial void RevokeFailed(ILogger logger, Exception exception, string? accessor);
}
