using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Auth.Userpass;
using Serverless.Vault.Core.Framework;

// In the core's root namespace, beside AddVaultCore, so that registering the method needs no extra using there.
namespace Serverless.Vault.Core;

/// <summary>Registers the userpass auth method (mount type "userpass").</summary>
public static class UserpassServices
{
    public static IServiceCollection AddUserpassAuth(this IServiceCollection services)
    {
        services.AddSingleton<IBackendFactory, UserpassBackendFactory>();
        return services;
    }
}
