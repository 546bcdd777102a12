using Serverless.Vault.Client.Database;

namespace Serverless.Vault.Client.Caching;

/// <summary>
/// A database role's dynamic credentials through a <see cref="LeasedCredentialCache"/>: always ones inside their lease,
/// shared by every caller, renewed and replaced as the cache decides.
/// </summary>
public sealed class DynamicDatabaseCredentials
{
    private readonly LeasedCredentialCache _cache;
    private readonly DatabaseClient _database;

    internal DynamicDatabaseCredentials(LeasedCredentialCache cache, DatabaseClient database, string role)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        _cache = cache;
        _database = database;
        Role = role;
        Key = $"{database.Mount}/creds/{role}";
    }

    public string Role { get; }

    /// <summary>The cache key (the credentials' API path), as seen in <see cref="LeasedCredentialReplacedEventArgs.Key"/>.</summary>
    public string Key { get; }

    /// <summary>The current credentials, their <see cref="DatabaseCredentials.Lease"/> reflecting the latest renewal.</summary>
    public async Task<DatabaseCredentials> GetAsync(CancellationToken cancellationToken = default)
    {
        var cached = await _cache.GetAsync(Key, FetchAsync, cancellationToken).ConfigureAwait(false);
        return cached.Value with { Lease = cached.Lease };
    }

    /// <summary>Drops the credentials (for example after the database refused them); the next call gets new ones.</summary>
    public bool Invalidate(string? leaseId = null) => _cache.Invalidate(Key, leaseId);

    private async Task<LeasedValue<DatabaseCredentials>> FetchAsync(CancellationToken cancellationToken)
    {
        var credentials = await _database.GetCredentialsAsync(Role, cancellationToken).ConfigureAwait(false);
        return new LeasedValue<DatabaseCredentials>(credentials, credentials.Lease);
    }
}
