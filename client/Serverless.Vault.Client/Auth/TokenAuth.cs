namespace Serverless.Vault.Client.Auth;

/// <summary>
/// A token given to the client (as in <c>VAULT_TOKEN</c>): looked up once to learn its TTL. The client renews it
/// while it is renewable but cannot replace it, so it never logs in again with it.
/// </summary>
public sealed class TokenAuth(string token) : IVaultAuthMethod
{
    public bool CanLogInAgain => false;

    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var lookup = await client.SendWithTokenAsync(HttpMethod.Get, "auth/token/lookup-self", null, token, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException("auth/token/lookup-self returned nothing.");
        var data = lookup.Data;
        return new VaultAuthInfo
        {
            ClientToken = token,
            Accessor = data?["accessor"]?.GetValue<string>(),
            LeaseDuration = data?["ttl"]?.GetValue<long>() ?? 0,
            Renewable = data?["renewable"]?.GetValue<bool>() ?? false,
        };
    }

    /// <summary>Never the token itself.</summary>
    public override string ToString() => "TokenAuth";
}
