using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Client.DependencyInjection;
using Serverless.Vault.Client.Npgsql.DependencyInjection;

namespace ProfileApi;

/// <summary>The app's registrations, shared by Program.cs and the tests so both build the same container.</summary>
public static class ProfileApiServices
{
    /// <summary>
    /// Registers the vault client (section <c>Vault</c>, logged in as its <c>Auth</c> section says), the PostgreSQL data
    /// source on the role's dynamic credentials and the <see cref="ProfileStore"/>.
    /// </summary>
    public static IServiceCollection Add(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ProfileApiOptions.SectionName).Get<ProfileApiOptions>() ?? new ProfileApiOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "ProfileApi:ConnectionString is not set: set ProfileApi__ConnectionString to the server and database, e.g. " +
                "\"Host=127.0.0.1;Port=5432;Database=profiles\" (no user or password: the vault issues them).");
        }

        services.AddVault(configuration.GetSection("Vault"));

        // The lease cache renews the credentials in the background and replaces them before their lease ends.
        services.AddVaultNpgsqlDataSource(options.ConnectionString, options.DatabaseRole, dataSource =>
        {
            dataSource.Mount = options.DatabaseMount;

            // A stopping worker revokes its lease: its database user is dropped at once, not when the lease runs out.
            dataSource.Cache.RevokeOnDispose = true;
        });
        services.AddSingleton(options);
        services.AddSingleton<ProfileStore>();
        return services;
    }
}
