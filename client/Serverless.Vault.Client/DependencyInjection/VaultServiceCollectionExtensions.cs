using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Vault.Client.Auth;

namespace Serverless.Vault.Client.DependencyInjection;

/// <summary>
/// Registers one <see cref="VaultClient"/> singleton, its options (checked at start-up) and a named HttpClient with the
/// standard resilience handler.
/// </summary>
/// <remarks>
/// <para>
/// Settings left unset fall back to Vault's environment variables: <c>VAULT_ADDR</c> for the address,
/// <c>VAULT_NAMESPACE</c> for the namespace and <c>VAULT_TOKEN</c> for the token method (also chosen when no method
/// is named but a token is found).
/// </para>
/// <para>
/// Retries: transient failures (transport errors, attempt timeouts, 408, 429 and 5xx) are retried for GET, HEAD and
/// LIST only; POST, PUT, PATCH and DELETE are never sent twice, so a login never spends a single-use secret ID twice
/// and a write is never repeated. Each attempt is bounded by <see cref="VaultClientOptions.RequestTimeout"/>.
/// Reading dynamic credentials (<c>database/creds/&lt;role&gt;</c>) is a GET that creates a database user: a retried
/// read after a lost answer may leave a user whose lease the application never saw. We accept that, as Vault's own
/// clients do: the vault revokes that lease, and drops the user, when the role's TTL runs out.
/// </para>
/// </remarks>
public static class VaultServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the registered <see cref="VaultClient"/> takes from IHttpClientFactory.</summary>
    public const string HttpClientName = "Serverless.Vault.Client";

    /// <summary>
    /// Binds <see cref="VaultClientOptions"/> from <paramref name="section"/> (for example <c>Vault</c>) and
    /// <see cref="VaultAuthOptions"/> from its <c>Auth</c> child section.
    /// </summary>
    public static IServiceCollection AddVault(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<VaultClientOptions>().Bind(section);
        services.AddOptions<VaultAuthOptions>().Bind(section.GetSection(VaultAuthOptions.SectionName));
        return services.AddVaultWithAuthOptions();
    }

    /// <summary>Configures the client in code; the auth method from <paramref name="configureAuth"/> (or <c>VAULT_TOKEN</c>).</summary>
    public static IServiceCollection AddVault(this IServiceCollection services, Action<VaultClientOptions> configure, Action<VaultAuthOptions>? configureAuth = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<VaultClientOptions>().Configure(configure);
        var auth = services.AddOptions<VaultAuthOptions>();
        if (configureAuth is not null)
        {
            auth.Configure(configureAuth);
        }

        return services.AddVaultWithAuthOptions();
    }

    /// <summary>Configures the client in code with an auth method built from the container (a JWT source, a credential).</summary>
    public static IServiceCollection AddVault(this IServiceCollection services, Action<VaultClientOptions> configure, Func<IServiceProvider, IVaultAuthMethod> auth)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(auth);
        services.AddOptions<VaultClientOptions>().Configure(configure);
        services.TryAddSingleton(auth);
        return services.AddVaultCore();
    }

    private static IServiceCollection AddVaultWithAuthOptions(this IServiceCollection services)
    {
        services.AddOptions<VaultAuthOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VaultAuthOptions>, VaultAuthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<VaultAuthOptions>, VaultEnvironment>());
        services.TryAddSingleton(sp => VaultAuthMethodFactory.Create(sp.GetRequiredService<IOptions<VaultAuthOptions>>().Value));
        return services.AddVaultCore();
    }

    private static IServiceCollection AddVaultCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<VaultClientOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VaultClientOptions>, VaultClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<VaultClientOptions>, VaultEnvironment>());
        services.TryAddSingleton(TimeProvider.System);

        // The resilience pipeline owns the timeouts: HttpClient's own 100 s limit would cut it short.
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
                ConfigureResilience(resilience, provider.GetRequiredService<IOptions<VaultClientOptions>>().Value));

        services.TryAddSingleton(provider =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();

            // Made once now, so that the resilience pipeline behind it is created before the client and whatever is
            // built on the client: the container disposes in reverse order, and a revocation on dispose (the lease
            // cache's RevokeOnDispose) still has a pipeline to go through.
            factory.CreateClient(HttpClientName).Dispose();
            return new VaultClient(
                () => factory.CreateClient(HttpClientName),
                provider.GetRequiredService<IOptions<VaultClientOptions>>().Value,
                provider.GetRequiredService<IVaultAuthMethod>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
        });
        return services;
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, VaultClientOptions vault)
    {
        var attempt = vault.RequestTimeout;
        resilience.AttemptTimeout.Timeout = attempt;

        // Every attempt may take its full time, plus the back-off between them.
        resilience.TotalRequestTimeout.Timeout = attempt * (resilience.Retry.MaxRetryAttempts + 1) + TimeSpan.FromSeconds(30);

        // The standard handler's validation: the breaker samples at least two attempt timeouts.
        if (resilience.CircuitBreaker.SamplingDuration < attempt * 2)
        {
            resilience.CircuitBreaker.SamplingDuration = attempt * 2;
        }

        resilience.Retry.DisableForUnsafeHttpMethods();
    }
}
