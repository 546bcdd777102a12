using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Azure.Storage;
using Serverless.Vault.Core;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Http;

/// <summary>The composition both hosts share: storage and seal from configuration, the core, the HTTP adapter.</summary>
public static class VaultServices
{
    public static IServiceCollection AddVault(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new VaultHostingOptions();
        configuration.GetSection(VaultHostingOptions.SectionName).Bind(options);
        return services.AddVault(options);
    }

    public static IServiceCollection AddVault(this IServiceCollection services, VaultHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(CreateStorage(options.Storage));
        services.AddSingleton(_ => SealFactory.Create(options.Seal));
        services.AddSingleton(sp => new ServerInfo(sp.GetRequiredService<ISeal>().Type, options.Storage.UsesTableStorage ? "azuretable" : "inmem"));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RequestLimits { MaxRequestBytes = options.MaxRequestBytes }));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Leases));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options.Audit));
        services.AddVaultCore();

        // Shared storage means several instances: an instance may write under the old term until its keyring cache
        // expires, so re-encryption waits twice that long before it starts. In-memory storage has one instance.
        services.AddSingleton(sp => new ReencryptionJob(
            sp.GetRequiredService<IBarrier>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReencryptionJob>>())
        {
            MinimumTermAge = options.Storage.UsesTableStorage ? 2 * ((AesGcmBarrier)sp.GetRequiredService<IBarrier>()).KeyringMaxAge : TimeSpan.Zero,
        });
        services.AddSingleton<VaultHttpAdapter>();
        services.AddHostedService<VaultStartupCheck>();
        return services;
    }

    private static IStorage CreateStorage(StorageSettings settings)
    {
        if (!settings.UsesTableStorage)
        {
            return new InMemoryStorage();
        }

        var tableOptions = new TableStorageOptions
        {
            ConnectionString = settings.ConnectionString,
            TableName = settings.TableName,
            PermanentFolders = [.. StorageFolders.Permanent],
        };
        if (!string.IsNullOrEmpty(settings.ConnectionString))
        {
            return new TableStorage(tableOptions);
        }

        // In Azure: the table endpoint and the Function App's managed identity; no shared key anywhere.
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ManagedIdentityClientId });
        var client = new TableServiceClient(new Uri(settings.ServiceUri!), credential, TableStorage.CreateClientOptions(tableOptions));
        return new TableStorage(client, tableOptions);
    }
}
