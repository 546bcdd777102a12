namespace Serverless.Vault.Client.Leases;

/// <summary><c>sys/leases/renew</c>, <c>sys/leases/revoke</c>, <c>sys/leases/lookup</c>.</summary>
public sealed class LeaseClient
{
    private readonly VaultClient _client;

    internal LeaseClient(VaultClient client) => _client = client;

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

    public async Task RevokeAsync(string leaseId, CancellationToken cancellationToken = default) =>
        await _client.WriteAsync("sys/leases/revoke", new Dictionary<string, string> { ["lease_id"] = leaseId }, cancellationToken).ConfigureAwait(false);
}
