using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Http;

/// <summary>Parses a request body into a JSON object within the configured depth and string-count bounds.</summary>
internal static class JsonBodyReader
{
    /// <summary>Parses in place; the document goes to <paramref name="body"/>, which disposes it with the bytes.</summary>
    public static JsonObject Parse(RequestBody body, RequestLimits limits)
    {
        if (body.Memory.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        JsonElement root;
        try
        {
            // What JsonNode.Parse does, minus its copy of the body (on the large object heap for a batch): the document
            // reads the body's pooled array in place, and both live until the request is over (see RequestBody).
            var document = JsonDocument.Parse(body.Memory, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth, AllowDuplicateProperties = false });
            body.Own(document);
            root = document.RootElement;
        }
        catch (JsonException)
        {
            // Never echo the body: it may hold a secret.
            throw VaultException.InvalidRequest($"failed to parse JSON input: the body is not valid JSON, repeats a key, or nests deeper than {limits.MaxJsonDepth} levels");
        }

        if (root.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw VaultException.InvalidRequest("failed to parse JSON input: the body must be a JSON object");
        }

        // Counted on the document, before any node exists: the object below stays lazy, so a handler that reads a few
        // fields (or one batch item at a time) never pays for building nodes of the whole body.
        if (CountStrings(root, limits.MaxJsonStrings) > limits.MaxJsonStrings)
        {
            throw VaultException.InvalidRequest($"failed to parse JSON input: more than {limits.MaxJsonStrings} strings");
        }

        return JsonObject.Create(root) ?? throw VaultException.InvalidRequest("failed to parse JSON input: the body must be a JSON object");
    }

    /// <summary>
    /// Counts string values and property names, stopping once past the limit. Recursive, as deep as the document
    /// (bounded by the parser's depth limit), so that it needs no stack object growing with every request's width.
    /// </summary>
    private static int CountStrings(JsonElement element, int limit)
    {
        var count = 0;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    count += 1 + CountStrings(property.Value, limit - count - 1);
                    if (count > limit)
                    {
                        return count;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var child in element.EnumerateArray())
                {
                    count += CountStrings(child, limit - count);
                    if (count > limit)
                    {
                        return count;
                    }
                }

                break;
            case JsonValueKind.String:
                count = 1;
                break;
        }

        return count;
    }
}
