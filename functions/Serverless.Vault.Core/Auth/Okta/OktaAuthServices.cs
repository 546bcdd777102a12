using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Auth.Okta;
using Serverless.Vault.Core.Framework;

// In the core's root namespace, beside AddVaultCore, so that registering the method needs no extra using there.
namespace Serverless.Vault.Core;

/// <summary>Registers the "okta" auth method and its one shared Okta HTTP client.</summary>
public static class OktaAuthServices
{
    public const string MountType = "okta";

    public static IServiceCollection AddOktaAuth(this IServiceCollection services)
    {
        services.AddSingleton<OktaApi>();
        services.AddSingleton<OktaLoginPath>();
        services.AddSingleton<IBackendFactory, OktaBackendFactory>();
        return services;
    }
}
