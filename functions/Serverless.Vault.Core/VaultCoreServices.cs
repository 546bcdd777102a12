using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Engines.Cubbyhole;
using Serverless.Vault.Core.Engines.Kv;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Pipeline;
using Serverless.Vault.Core.Policies;
using Serverless.Vault.Core.Quotas;
using Serverless.Vault.Core.System;
using Serverless.Vault.Core.Tokens;
using Serverless.Vault.Core.Wrapping;

namespace Serverless.Vault.Core;

/// <summary>Registers the core; the host adds the physical <c>IStorage</c>, the <c>ISeal</c> and a <see cref="ServerInfo"/>.</summary>
public static class VaultCoreServices
{
    public static IServiceCollection AddVaultCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IBarrier, AesGcmBarrier>();
        services.AddSingleton<UnsealCoordinator>();
        services.AddSingleton<ReencryptionJob>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<Auth.LoginTokens>();
        services.AddAzureAuth();
        services.AddJwtAuth();
        services.AddAppRoleAuth();
        services.AddGitHubAuth();
        services.AddOktaAuth();
        services.AddUserpassAuth();
        services.AddSingleton<ITokenRevocationListener, LeaseTokenListener>();
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<LeaseBackends>();
        services.AddSingleton<LeaseManager>();
        services.AddSingleton<LeaseRevoker>();
        services.AddSingleton<LeasePaths>();
        services.AddOptions<LeaseOptions>();
        services.AddSingleton<MountStore>();
        services.AddSingleton<VaultInitializer>();
        services.AddSingleton<IBackendFactory, KvBackendFactory>();
        services.TryAddSingleton<Engines.Transit.ITransitAeadFactory>(Engines.Transit.SystemTransitAeads.Instance);
        services.AddSingleton<IBackendFactory, Engines.Transit.TransitBackendFactory>();
        services.AddDatabaseEngine();
        services.AddSingleton<BackendRegistry>();
        services.AddSingleton<HealthPaths>();
        services.AddSingleton<InitPaths>();
        services.AddSingleton<MountsPaths>();
        services.AddSingleton<AuthPaths>();
        services.AddSingleton<InternalUiPaths>();
        services.AddSingleton<KeyPaths>();
        services.AddSingleton<SystemBackend>();
        services.AddSingleton<TokenLoginRenewal>();
        services.AddSingleton<TokenBackend>();
        services.AddCubbyhole();
        services.AddSingleton<MountRouter>();
        services.AddSingleton<SealGate>();
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<AclProvider>();
        services.AddSingleton<PolicyPaths>();
        services.AddPasswordPolicies();
        services.AddSingleton<CapabilitiesPaths>();
        services.TryAddSingleton<IAuthorizer, AclAuthorizer>();
        services.AddOptions<PipelineOptions>();
        services.AddAudit();
        services.AddResponseWrapping();
        services.AddQuotas();
        services.AddTools();
        services.AddSingleton<RequestHandler>();
        services.AddSingleton<IVaultJob, ReencryptionJobRunner>();
        services.AddSingleton<IVaultJob, KvVersionExpiryJob>();
        services.AddSingleton<IVaultJob, TokenTidyJob>();
        services.AddSingleton<LeaseSweeper>();
        services.AddSingleton<IVaultJob>(provider => provider.GetRequiredService<LeaseSweeper>());
        services.AddSingleton<IVaultJob, Engines.Transit.TransitAutoRotateJob>();
        services.AddSingleton<JobRunner>();
        return services;
    }
}
