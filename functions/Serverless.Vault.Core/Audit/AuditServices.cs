using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Audit.Devices;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Audit;

/// <summary>Audit devices: the table, the broker the pipeline calls, the sys/audit paths.</summary>
public static class AuditServices
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<StartupAuditDevice>();

        // Registered again after the core by a host or test that wants standard output elsewhere.
        services.AddSingleton(_ => new StdoutAuditSink(Console.Out));
        services.AddSingleton<AuditDeviceFactory>();
        services.AddSingleton<IAuditBroker, AuditBroker>();
        services.AddSingleton<ISystemPaths, AuditPaths>();
        return services;
    }
}
