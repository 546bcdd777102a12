using Npgsql;
using Serverless.Vault.Client.Caching;

namespace Serverless.Vault.Client.Npgsql;

/// <summary>Where a <see cref="VaultNpgsqlDataSource"/> gets its credentials and how it builds its pools.</summary>
public sealed class VaultNpgsqlDataSourceOptions
{
    /// <summary>The database secrets engine's mount.</summary>
    public string Mount { get; set; } = "database";

    /// <summary>When the credentials are renewed and replaced, and whether their leases are revoked on dispose.</summary>
    public LeasedCredentialCacheOptions Cache { get; set; } = new();

    /// <summary>
    /// Applied to the builder of every inner data source (one per set of credentials): type mappings, logging,
    /// connection initialisers. The user name and password it sets are overwritten.
    /// </summary>
    public Action<NpgsqlDataSourceBuilder>? ConfigureDataSource { get; set; }
}
