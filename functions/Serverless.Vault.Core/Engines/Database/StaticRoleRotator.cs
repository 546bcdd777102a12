using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Database;

/// <summary>
/// Sets a static role's password in three steps, so that neither a crash nor a race loses it: record the new password
/// as pending (under the row's ETag: one instance wins), change it in the database, then make it current. A pending
/// password older than <see cref="AbandonedAfter"/> marks a rotation cut short, which the next run redoes.
/// </summary>
internal sealed partial class StaticRoleRotator(IStorage storage, DatabaseConnections connections, CredentialGenerator generator, TimeProvider time, ILogger logger)
{
    /// <summary>Longer than a rotation can take: a connect timeout plus a statement.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>Rotates the role now; false when another rotation of it is under way.</summary>
    public Task<bool> RotateAsync(string name, CancellationToken cancellationToken) => RotateAsync(name, onlyIfDue: false, cancellationToken);

    /// <summary>Rotates every static role of the mount whose rotation_period has passed; one failure does not stop the rest.</summary>
    public async Task RotateDueAsync(string mountPath, CancellationToken cancellationToken)
    {
        foreach (var name in await DatabaseStore.ListAsync(storage, DatabaseStorageKeys.StaticRolePrefix, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await RotateAsync(name, onlyIfDue: true, cancellationToken).ConfigureAwait(false))
                {
                    LogRotated(logger, name, mountPath);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, error, name, mountPath);
            }
        }
    }

    public static bool IsDue(StaticRoleRecord role, DateTimeOffset now) =>
        role.PendingPassword is not null
            ? role.PendingSince is null || now - role.PendingSince.Value > AbandonedAfter
            : role.LastVaultRotation is null || now >= role.LastVaultRotation.Value + TimeSpan.FromSeconds(role.RotationPeriodSeconds);

    private async Task<bool> RotateAsync(string name, bool onlyIfDue, CancellationToken cancellationToken)
    {
        var password = await NewPasswordAsync(name, cancellationToken).ConfigureAwait(false);
        if (password is null)
        {
            return false;
        }

        var role = await ConflictRetry.RunAsync(async () =>
        {
            var (current, entry) = await DatabaseStore.ReadAsync<StaticRoleRecord>(storage, DatabaseStorageKeys.StaticRolePrefix, name, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (current is null || (onlyIfDue ? !IsDue(current, now) : current.PendingPassword is not null && !IsDue(current, now)))
            {
                return null;
            }

            var pending = current with { PendingPassword = password, PendingSince = now };
            await DatabaseStore.PutAsync(storage, DatabaseStorageKeys.StaticRolePrefix, name, pending, entry, cancellationToken).ConfigureAwait(false);
            return pending;
        }, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return false;
        }

        var (_, plugin, connection) = await connections.LoadAsync(storage, role.DbName, CancellationToken.None).ConfigureAwait(false);
        try
        {
            // From here on nothing is abandoned: the database may already hold the new password.
            await DatabaseConnections.RunAsync(connection, "error setting credentials", () =>
                plugin.SetPasswordAsync(connection, role.Username, password, role.RotationStatements, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (VaultException)
        {
            await FinishAsync(name, password, current => current with { PendingPassword = null, PendingSince = null }).ConfigureAwait(false);
            throw;
        }

        await FinishAsync(name, password, current => current with
        {
            Password = password,
            LastVaultRotation = time.GetUtcNow(),
            PendingPassword = null,
            PendingSince = null,
        }).ConfigureAwait(false);
        return true;
    }

    /// <summary>A password from the password_policy of the role's connection; null when the role is gone.</summary>
    private async Task<string?> NewPasswordAsync(string name, CancellationToken cancellationToken)
    {
        var role = await DatabaseStore.GetAsync<StaticRoleRecord>(storage, DatabaseStorageKeys.StaticRolePrefix, name, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return null;
        }

        var config = await DatabaseStore.GetAsync<ConnectionConfigRecord>(storage, DatabaseStorageKeys.ConfigPrefix, role.DbName, cancellationToken).ConfigureAwait(false);
        return await generator.PasswordAsync(config ?? new ConnectionConfigRecord(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="change"/> when the row still holds this rotation's pending password.</summary>
    private Task FinishAsync(string name, string password, Func<StaticRoleRecord, StaticRoleRecord> change) =>
        ConflictRetry.RunAsync(async () =>
        {
            var (current, entry) = await DatabaseStore.ReadAsync<StaticRoleRecord>(storage, DatabaseStorageKeys.StaticRolePrefix, name, CancellationToken.None).ConfigureAwait(false);
            if (current?.PendingPassword == password)
            {
                await DatabaseStore.PutAsync(storage, DatabaseStorageKeys.StaticRolePrefix, name, change(current), entry, CancellationToken.None).ConfigureAwait(false);
            }
        }, CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rotated the password of static role {Role} on mount {Mount}")]
    private static partial void LogRotated(ILogger logger, string role, string mount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not rotate static role {Role} on mount {Mount}; the next run retries")]
    private static partial void LogFailed(ILogger logger, Exception error, string role, string mount);
}
