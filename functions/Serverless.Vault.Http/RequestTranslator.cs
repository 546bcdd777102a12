using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Http;

/// <summary>Turns an HTTP request into a <see cref="VaultRequest"/>, as Vault's HTTP layer does.</summary>
internal static class RequestTranslator
{
    private const string ApiPrefix = "/v1/";

    /// <summary>Query parameters that steer the request instead of being data.</summary>
    private static readonly HashSet<string> ControlParameters = new(StringComparer.Ordinal) { "list", "help" };

    public static Operation OperationOf(HttpRequest request, out bool isList)
    {
        isList = false;
        switch (request.Method.ToUpperInvariant())
        {
            case "GET":
                if (request.Query.TryGetValue("list", out var list))
                {
                    isList = BoolText.Parse(list.ToString()) ?? throw VaultException.InvalidRequest("invalid value for \"list\": expected a boolean");
                }

                return isList ? Operation.List : Operation.Read;
            case "LIST":
                isList = true;
                return Operation.List;
            case "POST" or "PUT":
                return Operation.Update;
            case "DELETE":
                return Operation.Delete;
            case "HEAD":
                return Operation.Header;
            case "PATCH":
                var contentType = request.ContentType ?? "";
                if (!contentType.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
                {
                    throw VaultException.UnsupportedMediaType($"PATCH requires Content-Type of application/merge-patch+json, provided {contentType}");
                }

                return Operation.Patch;
            default:
                throw VaultException.UnsupportedOperation();
        }
    }

    /// <summary>The percent-decoded path below /v1/, from the raw request target so that %2F decodes too.</summary>
    public static string PathOf(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || !raw.StartsWith('/'))
        {
            raw = (request.PathBase + request.Path).ToUriComponent();
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        if (!raw.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            throw VaultException.UnsupportedPath(raw);
        }

        try
        {
            return Uri.UnescapeDataString(raw[ApiPrefix.Length..]);
        }
        catch (UriFormatException)
        {
            throw VaultException.InvalidRequest("invalid path: bad percent-encoding");
        }
    }

    /// <summary>Vault's token headers: X-Vault-Token wins over "Authorization: Bearer"; other schemes are ignored.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var token = request.Headers["X-Vault-Token"].ToString();
        if (token.Length > 0)
        {
            return token;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>GET and DELETE carry their data in the query string (<c>?version=3</c>).</summary>
    public static void AddQueryData(HttpRequest request, JsonObject data)
    {
        foreach (var (key, values) in request.Query)
        {
            if (!ControlParameters.Contains(key) && !data.ContainsKey(key))
            {
                data[key] = values.Count > 1 ? new JsonArray(values.Select(v => (JsonNode?)v).ToArray()) : values.ToString();
            }
        }
    }

    /// <summary>X-Vault-Wrap-TTL: seconds ("300") or a duration ("5m"); absent or empty means no wrapping.</summary>
    public static TimeSpan? WrapTtlOf(HttpRequest request)
    {
        var text = request.Headers["X-Vault-Wrap-TTL"].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.StartsWith('-'))
        {
            throw VaultException.InvalidRequest("requested wrap ttl cannot be negative");
        }

        TimeSpan ttl;
        try
        {
            ttl = DurationText.Parse(text);
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            throw VaultException.InvalidRequest("error parsing wrap ttl: invalid duration");
        }

        return ttl > TimeSpan.Zero ? ttl : null;
    }

    public static bool IsHelp(HttpRequest request) =>
        request.Query.TryGetValue("help", out var help) && BoolText.Parse(help.ToString()) == true;
}
