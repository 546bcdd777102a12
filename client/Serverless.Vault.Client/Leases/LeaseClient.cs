using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Leases;

/// <summary><c>sys/leases/*</c>: look up, renew and revoke leases, one by one or by prefix.</summary>
public sealed class LeaseClient
{
    private readonly VaultClient _client;

    internal LeaseClient(VaultClient client) => _client = client;

    /// <summary>The lease's issue and expiry times and time left; a 400 <see cref="VaultApiException"/> for an unknown lease.</summary>
    public async Task<LeaseInfo> LookupAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var response = await _client.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }, cancellationToken).ConfigureAwait(false);
        return response?.Data is null ? throw new VaultApiException("sys/leases/lookup returned nothing.") : response.DataAs<LeaseInfo>();
    }

    /// <summary>
    /// The lease id suffixes and sub-prefixes (ending in <c>/</c>) under <paramref name="prefix"/>
    /// (<c>database/creds/readonly</c>); empty when there are none. Needs <c>sudo</c>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var response = await _client.ListAsync($"sys/leases/lookup/{prefix.Trim('/')}", cancellationToken).ConfigureAwait(false);
        return response?.Data?["keys"] is JsonArray keys ? [.. keys.Select(k => k!.GetValue<string>())] : [];
    }

    /// <summary>Renews a lease; the vault may grant less than <paramref name="increment"/>.</summary>
    public async Task<Lease> RenewAsync(string leaseId, TimeSpan? increment = null, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, object> { ["lease_id"] = leaseId };
        if (increment is { } i)
        {
            body["increment"] = (long)i.TotalSeconds;
        }

        var response = await _client.WriteAsync("sys/leases/renew", body, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException("sys/leases/renew returned nothing.");
        return new Lease(response.LeaseId ?? leaseId, TimeSpan.FromSeconds(response.LeaseDuration), response.Renewable, _client.Time.GetUtcNow());
    }

    /// <summary>Revokes a lease (its secret is destroyed: the database user dropped, the token revoked).</summary>
    public Task RevokeAsync(string leaseId, CancellationToken cancellationToken = default) =>
        RevokeWithAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = leaseId }, cancellationToken);

    /// <summary>Revokes every lease whose id starts with <paramref name="prefix"/> (<c>database/creds/readonly</c>). Needs <c>sudo</c>.</summary>
    public Task RevokePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return RevokeWithAsync($"sys/leases/revoke-prefix/{prefix.Trim('/')}", null, cancellationToken);
    }

    // A revocation is not abandoned when the caller gives up waiting: the request goes out whole either way.
    private Task RevokeWithAsync(string path, object? body, CancellationToken cancellationToken) =>
        _client.WriteAsync(path, body, CancellationToken.None).WaitAsync(cancellationToken);
}
