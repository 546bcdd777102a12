using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>
/// HTTP clients for talking to identity providers: one per CA bundle (jwks_ca_pem, oidc_discovery_ca_pem), which then
/// replaces the system trust store, as in Vault.
/// </summary>
internal sealed class ProviderHttp : IDisposable
{
    // Discovery, JWKS and code exchange are single small requests; a stuck provider must not hold a login for long.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Lazy<HttpClient>> _clients = new(StringComparer.Ordinal);

    public HttpClient For(string caPem) => _clients.GetOrAdd(caPem ?? "", pem => new Lazy<HttpClient>(() => Create(pem))).Value;

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }

    private static HttpClient Create(string caPem)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (caPem.Length > 0)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return new HttpClient(handler) { Timeout = Timeout };
    }
}
