using System.Text.Json.Nodes;

namespace Serverless.Vault.Client.Tokens;

/// <summary>The token store (<c>auth/token/</c>): create, lookup, renew and revoke tokens.</summary>
/// <remarks>
/// Renewing or revoking the client's own token here (<c>*-self</c>) bypasses <see cref="VaultTokenManager"/>, which
/// does that itself; these are for tokens the application hands out.
/// </remarks>
public sealed class TokenClient : VaultMountClient
{
    internal TokenClient(VaultClient client, string mount)
        : base(client, mount)
    {
    }

    /// <summary>Creates a child token of the client's token (an orphan or from a role when asked); returns its auth block.</summary>
    public async Task<VaultAuthInfo> CreateAsync(TokenCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path(Mount);
        return AuthOf(path, await Client.WriteAsync(path, request.ToBody(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The client's own token.</summary>
    public async Task<TokenInfo> LookupSelfAsync(CancellationToken cancellationToken = default) =>
        InfoOf($"{Mount}/lookup-self", await Client.ReadAsync($"{Mount}/lookup-self", cancellationToken).ConfigureAwait(false));

    public Task<TokenInfo> LookupAsync(string token, CancellationToken cancellationToken = default) =>
        PostForInfoAsync("lookup", new JsonObject { ["token"] = Required(token) }, cancellationToken);

    /// <summary>A token known by its accessor; <see cref="TokenInfo.Id"/> is then empty.</summary>
    public Task<TokenInfo> LookupAccessorAsync(string accessor, CancellationToken cancellationToken = default) =>
        PostForInfoAsync("lookup-accessor", new JsonObject { ["accessor"] = Required(accessor) }, cancellationToken);

    /// <summary>Extends the client's own token by <paramref name="increment"/> from now (capped by its maximum TTL).</summary>
    public Task<VaultAuthInfo> RenewSelfAsync(TimeSpan? increment = null, CancellationToken cancellationToken = default) =>
        PostForAuthAsync("renew-self", WithIncrement([], increment), cancellationToken);

    /// <summary>Extends a token by <paramref name="increment"/> from now (capped by its maximum TTL).</summary>
    public Task<VaultAuthInfo> RenewAsync(string token, TimeSpan? increment = null, CancellationToken cancellationToken = default) =>
        PostForAuthAsync("renew", WithIncrement(new JsonObject { ["token"] = Required(token) }, increment), cancellationToken);

    /// <summary>Revokes the client's own token with its children and leases; the client cannot be used afterwards.</summary>
    public Task RevokeSelfAsync(CancellationToken cancellationToken = default) =>
        Client.WriteAsync($"{Mount}/revoke-self", null, CancellationToken.None).WaitAsync(cancellationToken);

    /// <summary>Revokes a token, its children and their leases.</summary>
    public Task RevokeAsync(string token, CancellationToken cancellationToken = default) =>
        RevokeWithAsync("revoke", new JsonObject { ["token"] = Required(token) }, cancellationToken);

    /// <summary>Revokes the token with that accessor, its children and their leases.</summary>
    public Task RevokeAccessorAsync(string accessor, CancellationToken cancellationToken = default) =>
        RevokeWithAsync("revoke-accessor", new JsonObject { ["accessor"] = Required(accessor) }, cancellationToken);

    // A revocation is not abandoned when the caller gives up waiting: a half-sent revoke leaves the token alive.
    private Task RevokeWithAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
        Client.WriteAsync($"{Mount}/{operation}", body, CancellationToken.None).WaitAsync(cancellationToken);

    private async Task<TokenInfo> PostForInfoAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
        InfoOf($"{Mount}/{operation}", await Client.WriteAsync($"{Mount}/{operation}", body, cancellationToken).ConfigureAwait(false));

    private async Task<VaultAuthInfo> PostForAuthAsync(string operation, JsonObject body, CancellationToken cancellationToken) =>
        AuthOf($"{Mount}/{operation}", await Client.WriteAsync($"{Mount}/{operation}", body, cancellationToken).ConfigureAwait(false));

    private static JsonObject WithIncrement(JsonObject body, TimeSpan? increment)
    {
        if (increment is { } i)
        {
            body["increment"] = VaultDuration.Format(i);
        }

        return body;
    }

    private static string Required(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return value;
    }

    private static TokenInfo InfoOf(string path, VaultResponse? response) =>
        response?.Data is null ? throw new VaultApiException($"{path} returned no data.") : response.DataAs<TokenInfo>();

    private static VaultAuthInfo AuthOf(string path, VaultResponse? response) =>
        response?.Auth ?? throw new VaultApiException($"{path} returned no auth block.");
}
