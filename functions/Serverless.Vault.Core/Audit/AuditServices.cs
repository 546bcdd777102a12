using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Vault.Core.Audit;

public static class AuditServices
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.TryAddSingleton<IAuditBroker, NoAuditDevices>();
        return services;
    }

    /// <summary>Until audit devices exist: nothing to record, nothing to fail.</summary>
    private sealed class NoAuditDevices : IAuditBroker
    {
        public ValueTask LogRequestAsync(Framework.VaultRequest request, string? error, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask LogResponseAsync(Framework.VaultRequest request, Framework.VaultResponse? response, string? error, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
