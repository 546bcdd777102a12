using Microsoft.Extensions.Logging;

namespace Serverless.Vault.Client.Npgsql;

/// <summary>The Npgsql integration's log lines: roles, user names and lease ids, never a password.</summary>
internal static partial class NpgsqlLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connections for role {Role} now log in as {Username} (lease {LeaseId})")]
    public static partial void Switched(ILogger logger, string role, string username, string leaseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retired the pool of {Username} (lease {LeaseId}); it closes once its open connections are returned")]
    public static partial void Retired(ILogger logger, string username, string leaseId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Disposed the retired pool of {Username} (lease {LeaseId})")]
    public static partial void Disposed(ILogger logger, string username, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL refused {Username} (SQLSTATE {SqlState}); lease {LeaseId} is invalidated and the open is retried with new credentials")]
    public static partial void Refused(ILogger logger, string username, string sqlState, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switching the connections for role {Role} to its replaced credentials failed; the next open retries")]
    public static partial void SwitchFailed(ILogger logger, Exception error, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The static role {Role} rotates in {Ttl}; its password is read again after the rotation")]
    public static partial void WaitingForRotation(ILogger logger, string role, TimeSpan ttl);
}
