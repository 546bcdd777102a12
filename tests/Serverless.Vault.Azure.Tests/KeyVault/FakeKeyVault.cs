using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Vault.Testing;

namespace Serverless.Vault.Azure.Tests.KeyVault;

/// <summary>
/// A Key Vault data plane over loopback HTTP: wrapkey / unwrapkey with real RSA keys (RSA-OAEP-SHA256), versioned keys,
/// a bearer-token check, and injectable failures (status + Retry-After, or a delay longer than the client's timeout).
/// </summary>
internal sealed class FakeKeyVault : IAsyncDisposable
{
    public const string KeyName = "vault-seal";
    public const string Token = "test";

    private readonly WebApplication _app;
    private LoopbackApp? _host;
    private readonly ConcurrentDictionary<string, RSA> _versions = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private volatile string _latestVersion = "";
    private volatile Failure? _failure;

    private FakeKeyVault(WebApplication app)
    {
        _app = app;
        RotateKey();
        app.MapPost("/keys/{name}/{version}/{operation}", (HttpContext context, string name, string version, string operation) =>
            HandleAsync(context, name, version, operation));
        app.MapPost("/keys/{name}/{operation}", (HttpContext context, string name, string operation) =>
            HandleAsync(context, name, _latestVersion, operation));
    }

    public Uri BaseUri { get; private set; } = null!;

    public Uri KeyId => new(BaseUri, $"keys/{KeyName}");

    public string LatestVersion => _latestVersion;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeKeyVault> StartAsync()
    {
        var fake = new FakeKeyVault(LoopbackApp.CreateBuilder().Build());
        fake._host = await LoopbackApp.StartAsync(fake._app);
        fake.BaseUri = fake._host.Address;
        return fake;
    }

    /// <summary>Adds a new key version, as rotating the key in Key Vault does; older versions stay usable.</summary>
    public string RotateKey()
    {
        var version = Guid.NewGuid().ToString("N");
        _versions[version] = RSA.Create(2048);
        _latestVersion = version;
        return version;
    }

    /// <summary>Answers every request with this status (and Retry-After) until <see cref="Recover"/>.</summary>
    public void FailWith(HttpStatusCode status, string? retryAfter = null) => _failure = new Failure(status, retryAfter, null);

    /// <summary>Holds every request for this long (longer than the client's timeout) until <see cref="Recover"/>.</summary>
    public void DelayBy(TimeSpan delay) => _failure = new Failure(null, null, delay);

    public void Recover() => _failure = null;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        foreach (var rsa in _versions.Values)
        {
            rsa.Dispose();
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context, string name, string version, string operation)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        _requests.Enqueue(new RecordedRequest(
            context.Request.Path,
            context.Request.Query["api-version"].ToString(),
            context.Request.Headers.Authorization.ToString(),
            body?["alg"]?.GetValue<string>(),
            body?["value"]?.GetValue<string>()));

        if (_failure is { } failure)
        {
            if (failure.Delay is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            else
            {
                if (failure.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }

                return Error(failure.Status!.Value, "Injected", "injected failure");
            }
        }

        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            return Error(HttpStatusCode.Unauthorized, "Unauthorized", "missing or wrong bearer token");
        }

        if (name != KeyName || !_versions.TryGetValue(version, out var rsa))
        {
            return Error(HttpStatusCode.NotFound, "KeyNotFound", $"key {name}/{version} not found");
        }

        if (body?["alg"]?.GetValue<string>() != "RSA-OAEP-256" || body["value"]?.GetValue<string>() is not { } value)
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter", "alg must be RSA-OAEP-256 and value is required");
        }

        try
        {
            var input = Base64Url.DecodeFromChars(value); // throws on '+', '/' or '=': the client must send base64url
            var output = operation switch
            {
                "wrapkey" => rsa.Encrypt(input, RSAEncryptionPadding.OaepSHA256),
                "unwrapkey" => rsa.Decrypt(input, RSAEncryptionPadding.OaepSHA256),
                _ => null,
            };
            return output is null
                ? Error(HttpStatusCode.NotFound, "NotFound", operation)
                : Results.Json(new { kid = new Uri(BaseUri, $"keys/{name}/{version}").AbsoluteUri, value = Base64Url.EncodeToString(output) });
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return Error(HttpStatusCode.BadRequest, "BadParameter", "The parameter is incorrect.");
        }
    }

    private static IResult Error(HttpStatusCode status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: (int)status);

    public sealed record RecordedRequest(string Path, string ApiVersion, string Authorization, string? Algorithm, string? Value);

    private sealed record Failure(HttpStatusCode? Status, string? RetryAfter, TimeSpan? Delay);
}
