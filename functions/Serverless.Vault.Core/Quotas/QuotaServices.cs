using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Quotas;

public static class QuotaServices
{
    public static IServiceCollection AddQuotas(this IServiceCollection services)
    {
        services.TryAddSingleton<IQuotaGate, NoQuotas>();
        return services;
    }

    /// <summary>Until quotas exist: every request passes.</summary>
    private sealed class NoQuotas : IQuotaGate
    {
        public ValueTask<IReadOnlyDictionary<string, string>?> CheckAsync(VaultRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);
    }
}
