using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Vault.Client.Npgsql.DependencyInjection;

/// <summary>Registers a <see cref="VaultNpgsqlDataSource"/> over the container's <see cref="VaultClient"/>.</summary>
public static class VaultNpgsqlServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="VaultNpgsqlDataSource"/>, also as <see cref="DbDataSource"/>, for a database role's
    /// dynamic credentials. A <see cref="VaultClient"/> must be registered (<c>AddVault</c>).
    /// </summary>
    public static IServiceCollection AddVaultNpgsqlDataSource(
        this IServiceCollection services, string connectionString, string role, Action<VaultNpgsqlDataSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(role);
        services.TryAddSingleton(provider =>
        {
            var options = new VaultNpgsqlDataSourceOptions();
            configure?.Invoke(options);
            return VaultNpgsqlDataSource.Create(provider.GetRequiredService<VaultClient>(), connectionString, role, options);
        });
        services.TryAddSingleton<DbDataSource>(provider => provider.GetRequiredService<VaultNpgsqlDataSource>());
        return services;
    }
}
