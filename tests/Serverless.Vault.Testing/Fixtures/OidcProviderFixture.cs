using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Serverless.Vault.Testing.Fixtures;

/// <summary>
/// A real OpenID provider (node-oidc-provider, run by Fixtures/oidc/provider.mjs) on a free loopback port, with one
/// confidential client, devInteractions for the browser flow, and test-only endpoints that sign arbitrary claims with
/// the provider's own current key and rotate that key. Killed on dispose.
/// </summary>
public sealed partial class OidcProviderFixture : IAsyncLifetime
{
    public const string ClientId = "vault";
    public const string ClientSecret = "vault-test-client-secret";

    /// <summary>A redirect URI registered at the provider; nothing needs to listen there, the tests read the redirect.</summary>
    public const string RedirectUri = "http://127.0.0.1:8250/oidc/callback";

    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _recentOutput = new();
    private Process? _process;
    private HttpClient? _client;

    /// <summary>The issuer, also the discovery URL; valid after InitializeAsync.</summary>
    public string Issuer { get; private set; } = "";

    private HttpClient Client => _client ?? throw new InvalidOperationException("The provider is not started.");

    public async Task InitializeAsync()
    {
        var entry = await OidcProviderInstaller.EnsureInstalledAsync().ConfigureAwait(false);
        var script = Path.Combine(RepositoryRoot.Find(), "tests", "Serverless.Vault.Testing", "Fixtures", "oidc", "provider.mjs");
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var port = FreePort.Next();
            var process = Start(script, entry, port);
            if (await FreePort.WaitUntilListeningAsync(port, StartTimeout, () => process.HasExited).ConfigureAwait(false))
            {
                _process = process;
                Issuer = $"http://127.0.0.1:{port}";
                _client = new HttpClient { BaseAddress = new Uri(Issuer) };
                return;
            }

            await ProcessRunner.StopAsync(process).ConfigureAwait(false);
        }

        throw new InvalidOperationException(
            $"oidc-provider {OidcProviderInstaller.Version} did not start after {StartAttempts} attempts:\n{string.Join('\n', _recentOutput)}");
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_process is not null)
        {
            await ProcessRunner.StopAsync(_process).ConfigureAwait(false);
            _process = null;
        }
    }

    /// <summary>
    /// A JWT over <paramref name="claims"/> (iss and iat added unless given) signed with the provider's current key;
    /// <paramref name="alg"/> "none" leaves it unsigned and "HS256" signs with the public key's PEM as HMAC secret.
    /// </summary>
    public async Task<string> SignAsync(JsonObject claims, string alg = "RS256", string? kid = null)
    {
        var request = new JsonObject { ["claims"] = claims.DeepClone(), ["alg"] = alg };
        if (kid is not null)
        {
            request["kid"] = kid;
        }

        using var response = await Client.PostAsJsonAsync(new Uri("/test/sign", UriKind.Relative), request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().ConfigureAwait(false);
        return body!["token"]!.GetValue<string>();
    }

    /// <summary>Makes a new key the signing key (the old ones stay published); returns its kid.</summary>
    public async Task<string> RotateAsync()
    {
        using var response = await Client.PostAsync(new Uri("/test/rotate", UriKind.Relative), null).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().ConfigureAwait(false);
        return body!["kid"]!.GetValue<string>();
    }

    /// <summary>How often the JWKS has been fetched since the provider started.</summary>
    public async Task<int> JwksRequestsAsync()
    {
        var body = await Client.GetFromJsonAsync<JsonObject>(new Uri("/test/stats", UriKind.Relative)).ConfigureAwait(false);
        return body!["jwks_requests"]!.GetValue<int>();
    }

    /// <summary>
    /// Plays the browser: opens <paramref name="authUrl"/>, submits the dev login form as <paramref name="user"/> and
    /// returns the URL the provider finally redirects to (the client's redirect URI with code and state).
    /// </summary>
    public async Task<Uri> BrowserLoginAsync(string authUrl, string user)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler);
        var next = new Uri(authUrl);
        for (var step = 0; step < 10; step++)
        {
            if (next.GetLeftPart(UriPartial.Path) == RedirectUri)
            {
                return next;
            }

            using var response = await browser.GetAsync(next).ConfigureAwait(false);
            if (response.Headers.Location is { } location)
            {
                next = new Uri(next, location);
                continue;
            }

            var page = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (LoginForm().Match(page) is not { Success: true } form)
            {
                throw new InvalidOperationException($"The provider answered {(int)response.StatusCode} without a redirect or login form: {page}");
            }

            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["prompt"] = "login", ["login"] = user, ["password"] = "any" });
            using var submitted = await browser.PostAsync(new Uri(next, WebUtility.HtmlDecode(form.Groups[1].Value)), content).ConfigureAwait(false);
            next = new Uri(next, submitted.Headers.Location ?? throw new InvalidOperationException($"The login form answered {(int)submitted.StatusCode}."));
        }

        throw new InvalidOperationException("The provider redirected too often.");
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex LoginForm();

    private Process Start(string script, string entry, int port)
    {
        var startInfo = new ProcessStartInfo("node");
        startInfo.ArgumentList.Add(script);
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add(entry);
        return ProcessRunner.StartDrained(startInfo, _recentOutput);
    }

}
