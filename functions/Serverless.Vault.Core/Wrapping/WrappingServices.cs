using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Wrapping;

/// <summary>Registers response wrapping (the pipeline step) and its sys/wrapping/* paths.</summary>
public static class WrappingServices
{
    public static IServiceCollection AddResponseWrapping(this IServiceCollection services)
    {
        services.TryAddSingleton<WrappingStore>();
        services.TryAddSingleton<IResponseWrapper, ResponseWrapper>();
        services.AddSingleton<ISystemPaths, WrappingPaths>();
        return services;
    }
}
