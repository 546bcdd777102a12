using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Quotas;

/// <summary>Rate-limit quotas, checked once per routed request before authentication, as Vault's HTTP layer does.</summary>
public interface IQuotaGate
{
    /// <summary>
    /// Throws <see cref="VaultException.RateLimited"/> (429 with Retry-After) when the request is over a quota;
    /// otherwise returns the headers to add to the response (rate-limit headers when configured), or null.
    /// </summary>
    ValueTask<IReadOnlyDictionary<string, string>?> CheckAsync(VaultRequest request, CancellationToken cancellationToken);
}
