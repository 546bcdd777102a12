using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Http;

/// <summary>Parses a request body into a JSON object within the configured depth and string-count bounds.</summary>
internal static class JsonBodyReader
{
    public static JsonObject Parse(ReadOnlyMemory<byte> body, RequestLimits limits)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        JsonElement root;
        try
        {
            // What JsonNode.Parse does, minus its copy of the body (on the large object heap for a batch): the document
            // reads the body in place, which is safe because BodyReader hands every request a fresh array that
            // nothing writes to afterwards. It is never disposed: the request's nodes keep pointing into it.
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth, AllowDuplicateProperties = false });
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

        if (root.ValueKind != JsonValueKind.Object || JsonObject.Create(root) is not { } obj)
        {
            throw VaultException.InvalidRequest("failed to parse JSON input: the body must be a JSON object");
        }

        if (CountStrings(obj, limits.MaxJsonStrings) > limits.MaxJsonStrings)
        {
            throw VaultException.InvalidRequest($"failed to parse JSON input: more than {limits.MaxJsonStrings} strings");
        }

        return obj;
    }

    /// <summary>Counts string values and property names, stopping once past the limit.</summary>
    private static int CountStrings(JsonNode root, int limit)
    {
        var count = 0;
        var pending = new Stack<JsonNode>();
        pending.Push(root);
        while (pending.Count > 0 && count <= limit)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        count++;
                        if (child is not null)
                        {
                            pending.Push(child);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array.OfType<JsonNode>())
                    {
                        pending.Push(child);
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    count++;
                    break;
            }
        }

        return count;
    }
}
