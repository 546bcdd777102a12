namespace Serverless.Vault.Client.Database;

/// <summary>A database secrets engine mount.</summary>
public sealed class DatabaseClient : VaultMountClient
{
    internal DatabaseClient(VaultClient client, string mount)
        : base(client, mount)
    {
    }

    /// <summary>New dynamic credentials for a role: <c>&lt;mount&gt;/creds/&lt;role&gt;</c>, under a lease.</summary>
    public async Task<DatabaseCredentials> GetCredentialsAsync(string role, CancellationToken cancellationToken = default)
    {
        var response = await Client.ReadAsync($"{Mount}/creds/{role}", cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException($"{Mount}/creds/{role} returned nothing.");
        var data = response.Data ?? throw new VaultApiException($"{Mount}/creds/{role} returned no data.");
        return new DatabaseCredentials(
            data["username"]?.GetValue<string>() ?? throw new VaultApiException($"{Mount}/creds/{role} returned no username."),
            data["password"]?.GetValue<string>() ?? throw new VaultApiException($"{Mount}/creds/{role} returned no password."),
            new Lease(response.LeaseId ?? string.Empty, TimeSpan.FromSeconds(response.LeaseDuration), response.Renewable, Client.Time.GetUtcNow()));
    }

    /// <summary>The current password of a static role: <c>&lt;mount&gt;/static-creds/&lt;role&gt;</c>.</summary>
    public async Task<StaticDatabaseCredentials> GetStaticCredentialsAsync(string role, CancellationToken cancellationToken = default)
    {
        var response = await Client.ReadAsync($"{Mount}/static-creds/{role}", cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException($"{Mount}/static-creds/{role} returned nothing.");
        return response.DataAs<StaticDatabaseCredentials>();
    }
}
