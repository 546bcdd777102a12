using Microsoft.Extensions.Logging;
using Npgsql;
using Serverless.Vault.Client.Database;

namespace Serverless.Vault.Client.Npgsql;

/// <summary>Npgsql data sources whose password comes from a Vault static database role.</summary>
public static class VaultStaticRoleExtensions
{
    private static readonly TimeSpan DefaultRefresh = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FailureRefresh = TimeSpan.FromSeconds(5);

    // Vault rotates a static role on its own schedule, shortly after the TTL runs out: the read waits this much longer.
    private static readonly TimeSpan RotationGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Reads the password of <c>&lt;mount&gt;/static-creds/&lt;role&gt;</c> every <paramref name="refresh"/> (one minute
    /// by default) through Npgsql's periodic password provider; when the next rotation is due before the next refresh,
    /// the read waits for it so the new password is in use right after the rotation. When the connection string names
    /// no user, the role's user is read once, synchronously, here; when it names one, it must be the role's.
    /// </summary>
    public static NpgsqlDataSourceBuilder UseVaultStaticRole(
        this NpgsqlDataSourceBuilder builder, VaultClient client, string role, string mount = "database", TimeSpan? refresh = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(role);
        var interval = refresh ?? DefaultRefresh;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(refresh));
        var database = client.Database(mount);
        var logger = client.Loggers.CreateLogger(typeof(VaultStaticRoleExtensions).FullName!);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.Username))
        {
            // The user must be known before Build, and only the vault knows it.
            builder.ConnectionStringBuilder.Username = database.GetStaticCredentialsAsync(role).GetAwaiter().GetResult().Username;
        }

        var username = builder.ConnectionStringBuilder.Username!;
        builder.UsePeriodicPasswordProvider(
            async (_, cancellationToken) =>
            {
                var credentials = await ReadAsync(database, role, username, cancellationToken).ConfigureAwait(false);
                var untilRotation = TimeSpan.FromSeconds(credentials.Ttl);
                if (credentials.Ttl <= 0 || untilRotation >= interval)
                {
                    return credentials.Password;
                }

                // The password in use stays valid until the rotation; waiting here delays only the next refresh.
                NpgsqlLog.WaitingForRotation(logger, role, untilRotation);
                await Task.Delay(untilRotation + RotationGrace, client.Time, cancellationToken).ConfigureAwait(false);
                return (await ReadAsync(database, role, username, cancellationToken).ConfigureAwait(false)).Password;
            },
            interval,
            FailureRefresh);
        return builder;
    }

    private static async Task<StaticDatabaseCredentials> ReadAsync(DatabaseClient database, string role, string username, CancellationToken cancellationToken)
    {
        var credentials = await database.GetStaticCredentialsAsync(role, cancellationToken).ConfigureAwait(false);
        return string.Equals(credentials.Username, username, StringComparison.Ordinal)
            ? credentials
            : throw new InvalidOperationException(
                $"The static role '{role}' at {database.Mount} manages the user '{credentials.Username}', but the connection string names '{username}': " +
                "remove Username from the connection string or name the role's user.");
    }
}
