using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Auth;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core;

public static class JwtAuthServices
{
    /// <summary>Registers the jwt and oidc auth method types.</summary>
    public static IServiceCollection AddJwtAuth(this IServiceCollection services)
    {
        services.AddSingleton<ProviderHttp>();
        foreach (var type in new[] { "jwt", "oidc" })
        {
            services.AddSingleton<IBackendFactory>(provider =>
                new JwtBackendFactory(type, provider.GetRequiredService<ProviderHttp>(), provider.GetRequiredService<LoginTokens>()));
        }

        services.AddSingleton<Jobs.IVaultJob, OidcStateTidyJob>();

        return services;
    }
}
