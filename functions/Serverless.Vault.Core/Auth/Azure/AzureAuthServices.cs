using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Vault.Core.Auth;
using Serverless.Vault.Core.Auth.Azure;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core;

public static class AzureAuthServices
{
    /// <summary>Registers the azure auth method type (managed identity access tokens).</summary>
    public static IServiceCollection AddAzureAuth(this IServiceCollection services)
    {
        services.TryAddSingleton<ProviderHttp>();
        services.AddSingleton<IBackendFactory>(provider =>
            new AzureBackendFactory(provider.GetRequiredService<ProviderHttp>(), provider.GetRequiredService<LoginTokens>()));
        return services;
    }
}
