using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Client.Auth;

namespace Serverless.Vault.Client.Configuration;

/// <summary>Adds KV v2 secrets to an <see cref="IConfigurationBuilder"/>; see <see cref="VaultConfigurationOptions"/> for the key mapping.</summary>
public static class VaultConfigurationExtensions
{
    /// <summary>Loads secrets through <paramref name="client"/>, which the caller keeps and disposes after the configuration.</summary>
    public static IConfigurationBuilder AddVaultKeyValue(this IConfigurationBuilder builder, VaultClient client, Action<VaultConfigurationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(client);
        return builder.Add(new VaultConfigurationSource(() => (client, null), Configure(configure)));
    }

    /// <summary>
    /// Loads secrets through a client of its own, logged in with <paramref name="auth"/>, and disposed with the configuration
    /// (configuration comes before dependency injection, so it cannot share the application's client).
    /// </summary>
    public static IConfigurationBuilder AddVaultKeyValue(
        this IConfigurationBuilder builder,
        VaultClientOptions clientOptions,
        IVaultAuthMethod auth,
        Action<VaultConfigurationOptions> configure,
        ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(clientOptions);
        ArgumentNullException.ThrowIfNull(auth);
        var options = Configure(configure);
        return builder.Add(new VaultConfigurationSource(
            () =>
            {
                var http = new HttpClient { Timeout = clientOptions.RequestTimeout };
                var client = new VaultClient(http, clientOptions, auth, options.TimeProvider, loggers);
                return (client, new OwnedClient(client, http));
            },
            options));
    }

    private static VaultConfigurationOptions Configure(Action<VaultConfigurationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new VaultConfigurationOptions();
        configure(options);
        return options;
    }

    private sealed class OwnedClient(VaultClient client, HttpClient http) : IDisposable
    {
        public void Dispose()
        {
            client.Dispose();
            http.Dispose();
        }
    }
}
