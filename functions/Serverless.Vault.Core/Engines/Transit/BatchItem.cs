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
    public JsonNode? PlaintextJson { get; init; }

    /// <summary>About how long the plaintext's base64 is, from whichever form it came in (to size a batch's answer).</summary>
    public int PlaintextTextLength => Base64Input.TryGetRawJsonString(PlaintextJson, out var raw) ? raw.Length : Plaintext.Length;

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
    public static BatchItem FromJson(JsonNode? node, int index)
    {
        if (node is not JsonObject item)
        {
            throw VaultException.InvalidRequest($"failed to parse batch input: [{index}] expected a map");
        }

        string Text(string name) => item.TryGetPropertyValue(name, out var value) && value is not null
            ? value is JsonValue text && text.GetValueKind() == JsonValueKind.String
                ? text.GetValue<string>()
                : throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].{name}' expected type 'string'")
            : "";

        var plaintextJson = BodyString(item["plaintext"]);
        return new BatchItem
        {
            Plaintext = plaintextJson is null ? Text("plaintext") : "",
            PlaintextJson = plaintextJson,
            HasPlaintext = item.ContainsKey("plaintext"),
            Ciphertext = Text("ciphertext"),
            Context = Text("context"),
            Nonce = Text("nonce"),
            AssociatedData = Text("associated_data"),
            Input = Text("input"),
            HasInput = item.ContainsKey("input"),
            Hmac = Text("hmac"),
            Signature = Text("signature"),
            Reference = Text("reference"),
            KeyVersion = Version(item, index),
        };
    }

    private static long Version(JsonObject item, int index)
    {
        if (!item.TryGetPropertyValue("key_version", out var node) || node is null)
        {
            return 0;
        }

        var text = node is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String ? value.ToString() : "";
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw VaultException.InvalidRequest($"failed to parse batch input: '[{index}].key_version' expected type 'int'");
    }

    /// <summary><paramref name="node"/> when it is a string read from a request body, else null.</summary>
    public static JsonNode? BodyString(JsonNode? node) => Base64Input.TryGetRawJsonString(node, out _) ? node : null;
}
