using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using Serverless.Vault.Client;
using Serverless.Vault.Client.Npgsql;
using Serverless.Vault.Client.Transit;

namespace ProfileApi;

/// <summary>
/// Profiles in PostgreSQL, read and written with the data source's dynamic credentials; e-mail addresses are encrypted
/// with the vault's transit key before they reach the database and decrypted only when one profile is read.
/// </summary>
public sealed partial class ProfileStore(VaultNpgsqlDataSource database, VaultClient vault, ProfileApiOptions options, ILogger<ProfileStore> logger)
{
    /// <summary>The most profiles one list returns.</summary>
    public const int ListLimit = 100;

    private TransitClient Transit => vault.Transit(options.TransitMount);

    public async Task<Profile> CreateAsync(NewProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var ciphertext = await Transit.EncryptAsync(options.EmailKey, Encoding.UTF8.GetBytes(profile.Email), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("INSERT INTO profiles (name, email_ciphertext) VALUES ($1, $2) RETURNING id, created_at", connection)
        {
            Parameters = { new() { Value = profile.Name }, new() { Value = ciphertext } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var created = new Profile(reader.GetGuid(0), profile.Name, profile.Email, reader.GetFieldValue<DateTimeOffset>(1));
        LogCreated(logger, created.Id);
        return created;
    }

    /// <summary>The profile with its e-mail address decrypted; null when there is none with that id.</summary>
    public async Task<Profile?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        string name, ciphertext;
        DateTimeOffset createdAt;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand("SELECT name, email_ciphertext, created_at FROM profiles WHERE id = $1", connection)
            {
                Parameters = { new() { Value = id } },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            (name, ciphertext, createdAt) = (reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        }

        // The connection is back in the pool before the vault is asked: a decryption never holds one.
        var email = await Transit.DecryptAsync(options.EmailKey, ciphertext, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Profile(id, name, Encoding.UTF8.GetString(email), createdAt);
    }

    /// <summary>The newest <see cref="ListLimit"/> profiles, without e-mail addresses.</summary>
    public async Task<IReadOnlyList<ProfileSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT id, name, created_at FROM profiles ORDER BY created_at DESC, id LIMIT $1", connection)
        {
            Parameters = { new() { Value = ListLimit } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var profiles = new List<ProfileSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            profiles.Add(new ProfileSummary(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return profiles;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created profile {ProfileId}")]
    private static partial void LogCreated(ILogger logger, Guid profileId);
}
