using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Auth.AppRole;
using Serverless.Vault.Core.Framework;

// In the core's root namespace, beside AddVaultCore, so that registering the method needs no extra using there.
namespace Serverless.Vault.Core;

/// <summary>Registers the AppRole auth method (mount type "approle").</summary>
public static class AppRoleServices
{
    public static IServiceCollection AddAppRoleAuth(this IServiceCollection services)
    {
        services.AddSingleton<IBackendFactory, AppRoleBackendFactory>();
        return services;
    }
}
