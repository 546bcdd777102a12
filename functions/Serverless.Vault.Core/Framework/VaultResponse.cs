using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Framework;

/// <summary>
/// A response as the core sees it; the HTTP adapter writes it as Vault's envelope, or as <see cref="RawBody"/>
/// for the few endpoints that answer without one (sys/health, sys/seal-status, sys/init).
/// </summary>
public sealed record VaultResponse
{
    /// <summary>Set by the HTTP adapter from the request; "" on wrapped responses.</summary>
    public string RequestId { get; init; } = "";

    private readonly JsonObject? _data;
    private readonly Utf8JsonData? _dataUtf8;

    /// <summary>The data; parsed on first read when the handler gave it as <see cref="DataUtf8"/>.</summary>
    public JsonObject? Data
    {
        get => _data ?? _dataUtf8?.Node;
        init
        {
            _data = value;
            _dataUtf8 = null;
        }
    }

    /// <summary>
    /// The data as UTF-8 JSON, when the handler wrote it so (a batch answer); the HTTP adapter copies it unless someone
    /// has read <see cref="Data"/>. Setting <see cref="Data"/> replaces it.
    /// </summary>
    public Utf8JsonData? DataUtf8
    {
        get => _dataUtf8;
        init
        {
            _dataUtf8 = value;
            _data = null;
        }
    }

    public JsonObject? Auth { get; init; }

    public string LeaseId { get; init; } = "";

    public bool Renewable { get; init; }

    public long LeaseDuration { get; init; }

    public JsonObject? WrapInfo { get; init; }

    /// <summary>Set by a handler whose answer is a leased secret; the pipeline registers the lease and clears it.</summary>
    public SecretLease? Secret { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A status other than 200, for responses that still carry a body (sys/health codes, KV's 404 with metadata).</summary>
    public int? StatusCode { get; init; }

    /// <summary>When set, the body is exactly this JSON, without the envelope.</summary>
    public JsonNode? RawBody { get; init; }

    /// <summary>
    /// Vault copies every key of <c>data</c> to the top level of the body for some sys paths (sys/mounts,
    /// sys/key-status, ...): older clients read it there.
    /// </summary>
    public bool CopyDataToTopLevel { get; init; }

    /// <summary>When set, the body is <c>{"errors":[...]}</c> with <see cref="StatusCode"/>.</summary>
    public IReadOnlyList<string>? Errors { get; init; }

    /// <summary>Seconds to send as Retry-After (429 and 503 answers).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Extra response headers (rate-limit headers), written by the HTTP adapter as given.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static VaultResponse Error(VaultException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new() { Errors = error.Errors, StatusCode = ErrorStatus.For(error.Kind), RetryAfterSeconds = error.RetryAfterSeconds, Headers = error.Headers };
    }

    public static VaultResponse WithData(JsonObject data) => new() { Data = data };

    public static VaultResponse Raw(JsonNode body, int statusCode = 200) => new() { RawBody = body, StatusCode = statusCode };

    /// <summary>A 200 with only warnings: what Vault sends instead of a 204 when it has something to say.</summary>
    public static VaultResponse WithWarnings(IReadOnlyList<string> warnings) => new() { Warnings = warnings };
}
