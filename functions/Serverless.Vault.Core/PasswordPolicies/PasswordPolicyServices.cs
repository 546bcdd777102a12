using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.PasswordPolicies;
using Serverless.Vault.Core.System;

// In the core's root namespace, beside AddVaultCore, as DatabaseServices is.
namespace Serverless.Vault.Core;

/// <summary>Registers the password policy store and its sys/policies/password paths.</summary>
public static class PasswordPolicyServices
{
    public static IServiceCollection AddPasswordPolicies(this IServiceCollection services)
    {
        services.AddSingleton<PasswordPolicyStore>();
        services.AddSingleton<PasswordPolicyPaths>();
        return services;
    }
}
