using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.System;
using Serverless.Vault.Core.Tools;

// In the core's root namespace, beside AddVaultCore, as PasswordPolicyServices is.
namespace Serverless.Vault.Core;

/// <summary>Registers sys/tools (random bytes and hashes).</summary>
public static class ToolsServices
{
    public static IServiceCollection AddTools(this IServiceCollection services)
    {
        services.AddSingleton<ISystemPaths, ToolsPaths>();
        return services;
    }
}
