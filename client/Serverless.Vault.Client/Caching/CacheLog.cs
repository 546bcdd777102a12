using System.Net;
using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Client.Caching;

/// <summary>The cache's log lines: keys and lease ids only, never a credential.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetched credentials for {Key} under lease {LeaseId} for {LeaseDuration}")]
    public static partial void Fetched(ILogger logger, string key, string leaseId, TimeSpan leaseDuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced the credentials for {Key}: lease {PreviousLeaseId} -> {LeaseId} ({Reason})")]
    public static partial void Replaced(ILogger logger, string key, string previousLeaseId, string leaseId, LeaseReplacementReason reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed lease {LeaseId} for {Key} for {LeaseDuration}")]
    public static partial void Renewed(ILogger logger, string key, string leaseId, TimeSpan leaseDuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {LeaseId} for {Key} was renewed for {Granted} of {Requested}: its max TTL is near; the credentials are replaced at {ReplaceAt}")]
    public static partial void RenewalCapped(ILogger logger, string key, string leaseId, TimeSpan granted, TimeSpan requested, DateTimeOffset replaceAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vault no longer renews lease {LeaseId} for {Key} ({StatusCode}: revoked or expired); the credentials are replaced")]
    public static partial void LeaseGone(ILogger logger, string key, string leaseId, HttpStatusCode statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing lease {LeaseId} for {Key} failed; the credentials are replaced")]
    public static partial void RenewalFailed(ILogger logger, Exception error, string key, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the credentials for {Key} failed; next attempt at {RetryAt} or on the next call")]
    public static partial void RefreshFailed(ILogger logger, Exception error, string key, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the credentials for {Key} failed; the current ones under lease {LeaseId} stay in use until {ExpiresAt}")]
    public static partial void UsingCurrent(ILogger logger, string key, string leaseId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invalidated the credentials for {Key} under lease {LeaseId}")]
    public static partial void Invalidated(ILogger logger, string key, string leaseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked lease {LeaseId} for {Key} on dispose")]
    public static partial void Revoked(ILogger logger, string key, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoking lease {LeaseId} for {Key} on dispose failed")]
    public static partial void RevokeFailed(ILogger logger, Exception error, string key, string leaseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler of the Replaced event for {Key} threw")]
    public static partial void HandlerFailed(ILogger logger, Exception error, string key);
}
