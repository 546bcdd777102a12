using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Engines.Cubbyhole;

/// <summary>Registers the built-in cubbyhole/ mount and the listener that empties a cubbyhole with its token.</summary>
public static class CubbyholeServices
{
    public static IServiceCollection AddCubbyhole(this IServiceCollection services)
    {
        services.AddSingleton<CubbyholeStorage>();
        services.AddSingleton<CubbyholeBackend>();
        services.AddSingleton<ITokenRevocationListener, CubbyholeTokenListener>();
        return services;
    }
}
