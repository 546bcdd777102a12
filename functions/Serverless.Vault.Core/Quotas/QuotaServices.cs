using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Vault.Core.Auth.AppRole;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Quotas;

/// <summary>Registers rate-limit quotas: the store, the gate the pipeline calls, and sys/quotas.</summary>
public static class QuotaServices
{
    public static IServiceCollection AddQuotas(this IServiceCollection services)
    {
        services.AddSingleton<QuotaStore>();
        services.AddSingleton<AppRoleRoleResolver>();
        services.AddSingleton<LoginRoleResolver>();
        services.TryAddSingleton<IQuotaGate, QuotaGate>();
        services.AddSingleton<ISystemPaths, QuotaConfigPaths>();
        services.AddSingleton<ISystemPaths, RateLimitQuotaPaths>();
        return services;
    }
}
