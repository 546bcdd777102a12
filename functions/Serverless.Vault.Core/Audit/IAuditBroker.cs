using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit;

/// <summary>
/// Writes Vault's two audit entries per request to every enabled device. With no device enabled both calls do nothing.
/// With devices enabled and none able to record, both throw <see cref="AuditFailedException"/>: the pipeline then runs
/// no backend (request entry) or returns nothing but an error (response entry). The vault fails closed.
/// </summary>
public interface IAuditBroker
{
    /// <summary>
    /// The request entry: before the backend runs, or with <paramref name="error"/> for a request refused before that.
    /// <paramref name="request"/> is routed when routing succeeded (mount, relative path, token when authenticated).
    /// </summary>
    ValueTask LogRequestAsync(VaultRequest request, string? error, CancellationToken cancellationToken);

    /// <summary>The response entry, written before the client gets the response.</summary>
    ValueTask LogResponseAsync(VaultRequest request, VaultResponse? response, string? error, CancellationToken cancellationToken);
}
