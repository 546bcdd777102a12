using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Engines.Database.Postgres;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Jobs;

// In the core's root namespace, beside AddVaultCore, so that registering the engine needs no extra using there.
namespace Serverless.Vault.Core;

/// <summary>Registers the database engine, its plugins (with their per-instance connection pools) and its rotation job.</summary>
public static class DatabaseServices
{
    public const string MountType = "database";

    public static IServiceCollection AddDatabaseEngine(this IServiceCollection services)
    {
        services.AddSingleton<PostgresDataSources>();
        services.AddSingleton<IDatabasePlugin, PostgresPlugin>();
        services.AddSingleton<IBackendFactory, DatabaseBackendFactory>();
        services.AddSingleton<IVaultJob, DatabaseStaticRotationJob>();
        return services;
    }
}
