using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Vault.Client.Auth;
using Serverless.Vault.Client.Database;
using Serverless.Vault.Client.Kv;
using Serverless.Vault.Client.Leases;
using Serverless.Vault.Client.Tokens;
using Serverless.Vault.Client.Transit;

namespace Serverless.Vault.Client;

/// <summary>
/// A client for one Vault-compatible server, logged in with one auth method. Thread-safe; share one instance.
/// Paths are API paths without <c>/v1/</c> (<c>secret/data/app</c>).
/// </summary>
public sealed class VaultClient : IDisposable, IAsyncDisposable
{
    private static readonly HttpMethod List = new("LIST");
    private readonly Func<HttpClient> _http;
    private readonly VaultClientOptions _options;

    /// <summary>A client over one HttpClient (whose BaseAddress is ignored: requests go to the options' address).</summary>
    public VaultClient(HttpClient http, VaultClientOptions options, IVaultAuthMethod auth, TimeProvider? time = null, ILoggerFactory? loggers = null)
        : this(() => http, options, auth, time, loggers)
    {
        ArgumentNullException.ThrowIfNull(http);
    }

    /// <summary>A client that takes an HttpClient per request (from <c>IHttpClientFactory</c>).</summary>
    public VaultClient(Func<HttpClient> http, VaultClientOptions options, IVaultAuthMethod auth, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(auth);
        if (options.Address is null)
        {
            throw new ArgumentException("VaultClientOptions.Address is required (the vault's address, as in VAULT_ADDR).", nameof(options));
        }

        _http = http;
        _options = options;
        Time = time ?? TimeProvider.System;
        Loggers = loggers ?? NullLoggerFactory.Instance;
        Tokens = new VaultTokenManager(this, auth, options, Time, Loggers.CreateLogger<VaultTokenManager>());
        Leases = new LeaseClient(this);
    }

    public TimeProvider Time { get; }

    public ILoggerFactory Loggers { get; }

    /// <summary>The client's own token: login, renewal, re-login.</summary>
    public VaultTokenManager Tokens { get; }

    /// <summary><c>sys/leases/*</c>.</summary>
    public LeaseClient Leases { get; }

    public KvV1Client KvV1(string mount = "kv") => new(this, mount);

    public KvV2Client KvV2(string mount = "secret") => new(this, mount);

    public TransitClient Transit(string mount = "transit") => new(this, mount);

    /// <summary>The token store at <c>auth/token/</c>.</summary>
    public TokenClient Token => new(this, "auth/token");

    public DatabaseClient Database(string mount = "database") => new(this, mount);

    /// <summary>GET; null when the vault answers 404 or 204.</summary>
    public Task<VaultResponse?> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>LIST; null when there is nothing under the path.</summary>
    public Task<VaultResponse?> ListAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(List, path, null, cancellationToken);

    /// <summary>POST with a JSON body; null when the vault answers 204.</summary>
    public Task<VaultResponse?> WriteAsync(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<VaultResponse?> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>
    /// Sends a request with the client's token (logging in first when needed). When the vault answers 403 because the
    /// token was revoked or has expired (lookup-self is refused too), the client logs in again once and resends the
    /// request once; a 403 is answered before the request is carried out, so resending a write is safe.
    /// </summary>
    public async Task<VaultResponse?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken = default)
    {
        var token = await Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendWithTokenAsync(method, path, body, token, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e) when (e.StatusCode == HttpStatusCode.Forbidden && Tokens.CanLogInAgain)
        {
            if (!await IsTokenRefusedAsync(token, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }

        var fresh = await Tokens.LogInAgainAsync(token, cancellationToken).ConfigureAwait(false);
        return await SendWithTokenAsync(method, path, body, fresh, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request with the given token, or none (logins are unauthenticated).</summary>
    public async Task<VaultResponse?> SendWithTokenAsync(HttpMethod method, string path, object? body, string? token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        using var request = new HttpRequestMessage(method, new Uri(_options.Address!, "v1/" + EscapePath(path)));
        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        if (_options.Namespace is { Length: > 0 } ns)
        {
            request.Headers.Add("X-Vault-Namespace", ns);
        }

        request.Headers.Add("X-Vault-Request", "true");
        if (body is not null)
        {
            // Vault refuses a PATCH (415) unless it is a JSON merge patch.
            var mediaType = method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json";
            request.Content = JsonContent.Create(body, body.GetType(), new MediaTypeHeaderValue(mediaType), VaultJson.Options);
        }

        using var response = await _http().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync<VaultResponse>(VaultJson.Options, cancellationToken).ConfigureAwait(false);
        }

        var errors = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && errors.Count == 0)
        {
            return null;
        }

        throw new VaultApiException(response.StatusCode, method.Method, path, errors);
    }

    /// <summary>Stops the token's renewal (and revokes it when <see cref="VaultClientOptions.RevokeTokenOnDispose"/>).</summary>
    public void Dispose() => Tokens.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => Tokens.DisposeAsync();

    /// <summary>
    /// Whether a 403 came from a dead token rather than a missing policy: the default policy lets every live token
    /// look itself up, so a refused lookup-self means the token itself is gone.
    /// </summary>
    private async Task<bool> IsTokenRefusedAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            await SendWithTokenAsync(HttpMethod.Get, "auth/token/lookup-self", null, token, cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (VaultApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return true;
        }
    }

    /// <summary>Escapes each segment of the path; a query string (<c>?version=2</c>) passes as it is.</summary>
    private static string EscapePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            return EscapePath(path[..query]) + path[query..];
        }

        var segments = path.Trim('/').Split('/');
        foreach (var segment in segments)
        {
            if (segment is "." or ".." or "")
            {
                throw new ArgumentException($"The path '{path}' has an empty, '.' or '..' segment.", nameof(path));
            }
        }

        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }

    private static async Task<IReadOnlyList<string>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                return [.. errors.EnumerateArray().Select(e => e.ToString())];
            }
        }
        catch (JsonException)
        {
            // Not Vault's error shape (a proxy's page): the status code alone speaks.
        }

        return [];
    }
}
