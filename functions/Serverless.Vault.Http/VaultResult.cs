using System.Buffers;
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

    /// <summary>What the serializer used with <see cref="WireJson"/>: its encoder and its default depth limit of 64.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = WireJson.Encoder, MaxDepth = 64 };

    private static readonly Dictionary<string, string> EmptyHeaders = [];

    /// <summary>What stands in the buffer where spliced data goes: a valid JSON value, as the writer checks its state.</summary>
    private static readonly byte[] Placeholder = "null"u8.ToArray();

    /// <summary>The envelope's own keys, in the order written; data keys copied to the top level never replace them.</summary>
    private static readonly HashSet<string> EnvelopeKeys = new(StringComparer.Ordinal)
    {
        "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth",
    };

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

        foreach (var (name, value) in response.Headers ?? EmptyHeaders)
        {
            http.Headers[name] = value;
        }

        http.StatusCode = response.StatusCode ?? StatusCodes.Status200OK;
        http.ContentType = JsonContentType;
        if (isHead)
        {
            return;
        }

        // Written straight from the response's nodes into a pooled buffer: building an envelope object meant deep-cloning
        // data (a node has one parent) and a byte array of the body's size, on the large object heap for a batch. Data
        // that the handler wrote as UTF-8 and nobody has read since (a batch answer) goes from its own segments to the
        // wire: the buffer then holds only the envelope around it, with a four-byte placeholder where it goes.
        using var buffer = new PooledBufferWriter();
        Splice splice;
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            splice = WriteBody(writer, buffer, response);
        }

        var written = buffer.WrittenMemory;
        var body = http.BodyWriter;
        if (splice.Data.IsEmpty)
        {
            http.ContentLength = written.Length;
            body.Write(written.Span);
        }
        else
        {
            http.ContentLength = written.Length - splice.Length + splice.Data.Length;
            body.Write(written.Span[..splice.Offset]);
            foreach (var segment in splice.Data)
            {
                body.Write(segment.Span);
            }

            body.Write(written.Span[(splice.Offset + splice.Length)..]);
        }

        await body.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Where the body's data goes in place of <see cref="Length"/> placeholder bytes at <see cref="Offset"/>.</summary>
    private readonly record struct Splice(int Offset, int Length, ReadOnlySequence<byte> Data);

    private static Splice WriteBody(Utf8JsonWriter writer, PooledBufferWriter buffer, VaultResponse response)
    {
        var splice = default(Splice);
        if (response.Errors is { } errors)
        {
            writer.WriteStartObject();
            WriteStrings(writer, "errors", errors);
            writer.WriteEndObject();
            return splice;
        }

        if (response.RawBody is { } raw)
        {
            raw.WriteTo(writer, WireJson);
            return splice;
        }

        writer.WriteStartObject();
        writer.WriteString("request_id", response.RequestId);
        writer.WriteString("lease_id", response.LeaseId);
        writer.WriteBoolean("renewable", response.Renewable);
        writer.WriteNumber("lease_duration", response.LeaseDuration);
        if (response.DataUtf8 is { } utf8 && utf8.TryGetUnread(out var json))
        {
            // Written by our own JSON writer and read by no one since: sent as it is, where the placeholder stands.
            writer.WritePropertyName("data");
            writer.Flush();
            splice = new Splice(buffer.WrittenCount, Placeholder.Length, json);
            writer.WriteRawValue(Placeholder, skipInputValidation: true);
        }
        else
        {
            WriteNode(writer, "data", response.Data);
        }

        WriteNode(writer, "wrap_info", response.WrapInfo);
        if (response.Warnings.Count == 0)
        {
            writer.WriteNull("warnings");
        }
        else
        {
            WriteStrings(writer, "warnings", response.Warnings);
        }

        WriteNode(writer, "auth", response.Auth);
        if (response.CopyDataToTopLevel && response.Data is { } data)
        {
            // Older clients read sys/mounts and friends at the top level; envelope keys are never overwritten.
            foreach (var (key, value) in data.Where(pair => !EnvelopeKeys.Contains(pair.Key)))
            {
                WriteNode(writer, key, value);
            }
        }

        writer.WriteEndObject();
        return splice;
    }

    private static void WriteNode(Utf8JsonWriter writer, string name, JsonNode? node)
    {
        writer.WritePropertyName(name);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer, WireJson);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
