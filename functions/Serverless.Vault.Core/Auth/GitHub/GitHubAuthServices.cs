using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Auth.GitHub;
using Serverless.Vault.Core.Framework;

// In the core's root namespace, beside AddVaultCore, so that registering the method needs no extra using there.
namespace Serverless.Vault.Core;

/// <summary>Registers the "github" auth method and its one shared GitHub HTTP client.</summary>
public static class GitHubAuthServices
{
    public const string MountType = "github";

    public static IServiceCollection AddGitHubAuth(this IServiceCollection services)
    {
        services.AddSingleton<GitHubApi>();
        services.AddSingleton<GitHubConfigPaths>();
        services.AddSingleton<GitHubLoginPath>();
        services.AddSingleton<IBackendFactory, GitHubBackendFactory>();
        return services;
    }
}
