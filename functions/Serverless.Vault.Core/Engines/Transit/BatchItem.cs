using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>One item of a batch (or the single request, read as a batch of one): raw strings, decoded per use.</summary>
internal sealed record BatchItem
{
    public string Plaintext { get; init; } = "";

    public bool HasPlaintext { get; init; }

    /// <summary>
    /// The plaintext when it came as a string in the request body: decoded from the body's bytes where it is used
    /// (<see cref="PlaintextBuffer"/>), never copied into a UTF-16 string first; <see cref="Plaintext"/> is then empty.
    /// </summary>
    public JsonElement? PlaintextJson { get; init; }

    /// <summary>About how long the plaintext's base64 is, from whichever form it came in (to size a batch's answer).</summary>
    public int PlaintextTextLength => PlaintextJson is { } json ? Base64Input.RawJsonString(json).Length : Plaintext.Length;

    public string Ciphertext { get; init; } = "";

    public string Context { get; init; } = "";

    public string Nonce { get; init; } = "";

    public string AssociatedData { get; init; } = "";

    public string Input { get; init; } = "";

    public bool HasInput { get; init; }

    public string Hmac { get; init; } = "";

    public string Signature { get; init; } = "";

    public long KeyVersion { get; init; }

    public string Reference { get; init; } = "";

    /// <summary>Reads a batch_input element; a field of the wrong type fails the whole request, as Vault's decoding does.</summary>
    public static BatchItem FromJson(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw VaultException.InvalidRequest($"failed to parse batch input: [{index}] expected a map");
        }

        var hasPlaintext = item.TryGetProperty("plaintext", out var plaintext);
        var plaintextJson = hasPlaintext && plaintext.ValueKind == JsonValueKind.String ? plaintext : (JsonElement?)null;
        return new BatchItem
        {
            Plaintext = plaintextJson is null ? Text(item, "plaintext", index) : "",
            PlaintextJson = plaintextJson,
            HasPlaintext = hasPlaintext,
            Ciphertext = Text(item, "ciphertext", index),
            Context = Text(item, "context", index),
            Nonce = Text(item, "nonce", index),
            AssociatedData = Text(item, "associated_data", index),
            Input = Text(item, "input", index),
            HasInput = item.TryGetProperty("input", out _),
            Hmac = Text(item, "hmac", index),
            Signature = Text(item, "signature", index),
            Reference = Text(item, "reference", index),
            KeyVersion = Version(item, index),
        };
    }

    /// <summary><paramref name="node"/>'s string when it was read from a request body, else null.</summary>
    public static JsonElement? BodyString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.String ? element : null;

    /// <summary>A string field; absent or null is "".</summary>
    private static string Text(JsonElement item, string name, int index) =>
        item.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].{name}' expected type 'string'")
            : "";

    private static long Version(JsonElement item, int index)
    {
        if (!item.TryGetProperty("key_version", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => "",
        };
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].key_version' expected type 'int'");
    }
}
