using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Wrapping;

public static class WrappingServices
{
    public static IServiceCollection AddResponseWrapping(this IServiceCollection services)
    {
        services.TryAddSingleton<IResponseWrapper, NoWrapping>();
        return services;
    }

    /// <summary>Until wrapping exists: a wrap request is refused rather than answered unwrapped.</summary>
    private sealed class NoWrapping : IResponseWrapper
    {
        public Task<VaultResponse> WrapAsync(VaultRequest request, VaultResponse response, TimeSpan ttl, CancellationToken cancellationToken) =>
            throw VaultException.InvalidRequest("response wrapping is not available");
    }
}
