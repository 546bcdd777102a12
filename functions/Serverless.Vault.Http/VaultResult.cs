using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Http;

/// <summary>Writes a <see cref="VaultResponse"/> the way Vault does: envelope, raw body, errors or 204.</summary>
internal sealed class VaultResult(VaultResponse? response, bool isHead) : IResult
{
    /// <summary>Exactly this: some clients (hvac) ignore the body when a charset is appended.</summary>
    private const string JsonContentType = "application/json";

    /// <summary>Escapes only what JSON requires: clients read UTF-8, and the body is never HTML.</summary>
    private static readonly JsonSerializerOptions WireJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var http = httpContext.Response;
        http.Headers.CacheControl = "no-store";
        if (response is null)
        {
            http.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (response.RetryAfterSeconds is { } retryAfter)
        {
            http.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        var body = BodyOf(response);
        http.StatusCode = response.StatusCode ?? StatusCodes.Status200OK;
        http.ContentType = JsonContentType;
        if (isHead)
        {
            return;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, WireJson);
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
    }

    private static JsonNode BodyOf(VaultResponse response)
    {
        if (response.Errors is { } errors)
        {
            return new JsonObject { ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)e).ToArray()) };
        }

        if (response.RawBody is { } raw)
        {
            return raw;
        }

        var envelope = new JsonObject
        {
            ["request_id"] = response.RequestId,
            ["lease_id"] = response.LeaseId,
            ["renewable"] = response.Renewable,
            ["lease_duration"] = response.LeaseDuration,
            ["data"] = response.Data?.DeepClone(),
            ["wrap_info"] = response.WrapInfo?.DeepClone(),
            ["warnings"] = response.Warnings.Count == 0 ? null : new JsonArray(response.Warnings.Select(w => (JsonNode?)w).ToArray()),
            ["auth"] = response.Auth?.DeepClone(),
        };
        if (response.CopyDataToTopLevel && response.Data is { } data)
        {
            // Older clients read sys/mounts and friends at the top level; envelope keys are never overwritten.
            foreach (var (key, value) in data.Where(pair => !envelope.ContainsKey(pair.Key)))
            {
                envelope[key] = value?.DeepClone();
            }
        }

        return envelope;
    }
}
