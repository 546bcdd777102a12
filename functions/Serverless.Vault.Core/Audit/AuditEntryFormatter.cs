using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Audit;

/// <summary>
/// Writes Vault's audit entries for one device as JSON lines: tokens, accessors and every string of request and
/// response data HMAC'd with the device's salt; paths, policies, metadata, lease ids and addresses in plain text;
/// empty fields left out (Go's omitempty). Entries go straight to UTF-8 with one reused writer per thread, without
/// building a node tree first: formatting is most of what an audit device costs a request.
/// </summary>
internal sealed class AuditEntryFormatter(AuditDeviceSettings settings, AuditHasher hasher)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly byte[] _prefix = Encoding.UTF8.GetBytes(settings.Prefix);

    /// <summary>One line: the device's prefix, the request entry as compact JSON, a newline.</summary>
    public byte[] Request(VaultRequest request, string? error, DateTimeOffset time) =>
        Line("request", request, null, error, time);

    /// <summary>One line: the device's prefix, the response entry as compact JSON, a newline.</summary>
    public byte[] Response(VaultRequest request, VaultResponse? response, string? error, DateTimeOffset time) =>
        Line("response", request, response, error ?? Errors(response), time);

    private byte[] Line(string type, VaultRequest request, VaultResponse? response, string? error, DateTimeOffset time)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        buffer.Write(_prefix);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        try
        {
            WriteEntry(writer, type, request, response, error, time);
            writer.Flush();
            buffer.Write("\n"u8);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A large entry must not pin a large buffer to the thread for good.
            if (buffer.Capacity > 64 * 1024)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private void WriteEntry(Utf8JsonWriter writer, string type, VaultRequest request, VaultResponse? response, string? error, DateTimeOffset time)
    {
        writer.WriteStartObject();
        WriteTime(writer, "time", time);
        writer.WriteString("type", type);
        if (request.Token is { } token)
        {
            writer.WritePropertyName("auth");
            WriteAuth(writer, request, token);
        }

        writer.WritePropertyName("request");
        WriteRequest(writer, request);
        if (response is { Errors: null } && HasResponseBlock(request, response))
        {
            writer.WritePropertyName("response");
            WriteResponse(writer, request, response);
        }

        WriteIfAny(writer, "error", error);
        writer.WriteEndObject();
    }

    /// <summary>The token's block; it always holds at least the token type, so it is never empty.</summary>
    private void WriteAuth(Utf8JsonWriter writer, VaultRequest request, Tokens.TokenEntry token)
    {
        writer.WriteStartObject();
        WriteIfAny(writer, "client_token", ClientToken(request));
        WriteIfAny(writer, "accessor", Accessor(token.Accessor));
        WriteIfAny(writer, "display_name", token.DisplayName);
        WriteStrings(writer, "policies", token.Policies);
        WriteStrings(writer, "token_policies", token.Policies);
        if (token.Meta is { Count: > 0 } meta)
        {
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in meta)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        WriteIfAny(writer, "remaining_uses", token.NumUses);
        WriteIfAny(writer, "token_type", token.Type);
        WriteIfAny(writer, "token_ttl", token.Ttl);
        if (token.CreationTime > 0)
        {
            Span<char> text = stackalloc char[32];
            DateTimeOffset.FromUnixTimeSeconds(token.CreationTime).UtcDateTime.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            writer.WriteString("token_issue_time", text[..length]);
        }

        writer.WriteEndObject();
    }

    private void WriteRequest(Utf8JsonWriter writer, VaultRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("id", request.RequestId);
        writer.WriteString("operation", OperationName(request.Operation));
        WriteMount(writer, request.Mount);
        WriteIfAny(writer, "client_token", ClientToken(request));
        WriteIfAny(writer, "client_token_accessor", request.Token is null ? null : Accessor(request.Token.Accessor));
        writer.WriteStartObject("namespace");
        writer.WriteString("id", "root");
        writer.WriteEndObject();
        writer.WriteString("path", request.OriginalPath.Length > 0 ? request.OriginalPath : request.Path);
        if (request.Data is { Count: > 0 } data)
        {
            writer.WritePropertyName("data");
            hasher.WriteHashed(writer, data, request.Mount?.Config.AuditNonHmacRequestKeys ?? []);
        }

        WriteIfAny(writer, "remote_address", request.RemoteAddress);
        WriteIfAny(writer, "wrap_ttl", request.WrapTtl is { } ttl ? (long)ttl.TotalSeconds : 0);
        writer.WriteEndObject();
    }

    private static bool HasResponseBlock(VaultRequest request, VaultResponse response) =>
        request.Mount is not null || response.LeaseId.Length > 0 || ResponseData(response) is { Count: > 0 }
        || response.Auth is { Count: > 0 } || response.WrapInfo is { Count: > 0 } || response.Warnings.Count > 0;

    private void WriteResponse(Utf8JsonWriter writer, VaultRequest request, VaultResponse response)
    {
        writer.WriteStartObject();
        WriteMount(writer, request.Mount);
        if (response.LeaseId.Length > 0)
        {
            writer.WriteStartObject("secret");
            writer.WriteString("lease_id", response.LeaseId);
            writer.WriteEndObject();
        }

        if (ResponseData(response) is { Count: > 0 } data)
        {
            writer.WritePropertyName("data");
            var plainKeys = request.Mount?.Config.AuditNonHmacResponseKeys ?? [];
            if (settings.ElideListResponses && request.Operation == Operation.List)
            {
                WriteElided(writer, data, plainKeys);
            }
            else
            {
                hasher.WriteHashed(writer, data, plainKeys);
            }
        }

        WriteTokenBlock(writer, "auth", response.Auth, "client_token", "accessor");
        WriteTokenBlock(writer, "wrap_info", response.WrapInfo, "token", "accessor", "wrapped_accessor");
        WriteStrings(writer, "warnings", response.Warnings);
        writer.WriteEndObject();
    }

    private static JsonObject? ResponseData(VaultResponse response) => response.Data ?? response.RawBody as JsonObject;

    private static void WriteMount(Utf8JsonWriter writer, Mounts.MountEntry? mount)
    {
        WriteIfAny(writer, "mount_point", mount?.Path);
        WriteIfAny(writer, "mount_type", mount?.Type);
        WriteIfAny(writer, "mount_accessor", mount?.Accessor);
    }

    /// <summary>A token-bearing block (login auth, wrap_info) with its token and accessors hashed, the rest as it is.</summary>
    private void WriteTokenBlock(Utf8JsonWriter writer, string name, JsonObject? block, string token, params string[] accessors)
    {
        if (block is not { Count: > 0 })
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in block)
        {
            writer.WritePropertyName(key);
            if (value is JsonValue text && text.TryGetValue<string>(out var secret) && (key == token || accessors.Contains(key)))
            {
                writer.WriteStringValue(key == token ? hasher.Hash(secret) : Accessor(secret));
            }
            else
            {
                WriteNode(writer, value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>elide_list_responses: a list's keys and key_info become their counts, as Vault does.</summary>
    private void WriteElided(Utf8JsonWriter writer, JsonObject data, IReadOnlyList<string> plainKeys)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in data)
        {
            writer.WritePropertyName(key);
            switch (key, value)
            {
                case ("keys", JsonArray keys):
                    writer.WriteNumberValue(keys.Count);
                    break;
                case ("key_info", JsonObject info):
                    writer.WriteNumberValue(info.Count);
                    break;
                default:
                    if (plainKeys.Contains(key))
                    {
                        WriteNode(writer, value);
                    }
                    else
                    {
                        hasher.WriteHashed(writer, value, plainKeys);
                    }

                    break;
            }
        }

        writer.WriteEndObject();
    }

    private string Accessor(string accessor) => settings.HmacAccessor ? hasher.HashCached(accessor, accessor) : accessor;

    /// <summary>
    /// The caller's token, hashed. A stored token's HMAC is remembered under its storage key (itself a keyed hash,
    /// never the token), as every request of that token logs it twice per entry.
    /// </summary>
    private string? ClientToken(VaultRequest request) =>
        string.IsNullOrEmpty(request.ClientToken) ? null
        : request.Token is { Key.Length: > 0 } token && !token.IsBatch ? hasher.HashCached(token.Key, request.ClientToken)
        : hasher.Hash(request.ClientToken);

    private static string? Errors(VaultResponse? response) =>
        response?.Errors is { Count: > 0 } errors ? string.Join("; ", errors) : null;

    private static string OperationName(Operation operation) => operation switch
    {
        Operation.Read => "read",
        Operation.Create => "create",
        Operation.Update => "update",
        Operation.Patch => "patch",
        Operation.Delete => "delete",
        Operation.List => "list",
        Operation.Header => "header",
        _ => operation.ToString().ToLowerInvariant(),
    };

    internal static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>Go's RFC3339Nano in UTC: fractional seconds without trailing zeros.</summary>
    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[40];
        time.UtcDateTime.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        var trimmed = text[..length].TrimEnd('0').TrimEnd('.');
        trimmed.CopyTo(text);
        text[trimmed.Length] = 'Z';
        writer.WriteString(name, text[..(trimmed.Length + 1)]);
    }

    private static void WriteIfAny(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfAny(Utf8JsonWriter writer, string name, long value)
    {
        if (value != 0)
        {
            writer.WriteNumber(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
